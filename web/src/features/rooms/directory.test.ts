import { describe, expect, it } from 'vitest';
import type { Room } from '../../api/types';
import { EMPTY_DIRECTORY, withPage } from './directory';

const room = (roomId: string): Room => ({
  roomId,
  name: roomId,
  kind: 'public',
  description: '',
  createdBy: 'u1',
  createdAt: '2026-01-01T00:00:00Z',
  lastSeq: 0,
});

describe('withPage', () => {
  it('appends further pages of the same search, each room once', () => {
    let d = withPage(EMPTY_DIRECTORY, 'dev', { rooms: [room('a'), room('b')], nextCursor: 'c1' }, false);
    d = withPage(d, 'dev', { rooms: [room('b'), room('c')], nextCursor: null }, true);
    expect(d.rooms.map((r) => r.roomId)).toEqual(['a', 'b', 'c']);
    expect(d.nextCursor).toBeNull();
  });

  it('a new search starts over', () => {
    const d = withPage(EMPTY_DIRECTORY, 'dev', { rooms: [room('a')], nextCursor: 'c1' }, false);
    const other = withPage(d, 'ops', { rooms: [room('x')], nextCursor: null }, true);
    expect(other).toEqual({ query: 'ops', rooms: [room('x')], nextCursor: null });
  });
});
