import { describe, expect, it } from 'vitest';
import type { Message, Room } from '../../api/types';
import { countIncoming, countMention, documentTitle, fromServer, markRead } from './useUnread';

const msg = (roomId: string, userId: string) => ({ roomId, userId }) as Message;

describe('unread counts', () => {
  it('counts others\' messages in rooms that are not open', () => {
    let u = countIncoming({}, msg('r2', 'bob'), 'r1', 'alice');
    u = countIncoming(u, msg('r2', 'bob'), 'r1', 'alice');
    expect(u).toEqual({ r2: 2 });
  });

  it('does not count the open room or my own messages', () => {
    const u = { r2: 1 };
    expect(countIncoming(u, msg('r1', 'bob'), 'r1', 'alice')).toBe(u);
    expect(countIncoming(u, msg('r2', 'alice'), 'r1', 'alice')).toBe(u);
  });

  it('reading a room clears only its count', () => {
    expect(markRead({ r1: 3, r2: 1 }, 'r1')).toEqual({ r1: 0, r2: 1 });
    const u = { r2: 1 };
    expect(markRead(u, 'r1')).toBe(u);
  });

  it('takes the server\'s counts, the open room read', () => {
    const rooms = [
      { roomId: 'r1', lastSeq: 9, readSeq: 4, unread: 3, mentions: 2 },
      { roomId: 'r2', lastSeq: 5, readSeq: 1, unread: 2, mentions: 1 },
    ];
    expect(fromServer(rooms, 'r2')).toEqual({ r1: 3, r2: 0 });
    expect(fromServer(rooms, 'r2', 'mentions')).toEqual({ r1: 2, r2: 0 });
  });

  it('counts mentions of me in rooms that are not open, cleared by reading', () => {
    let m = countMention({}, 'r1', 'r2');
    m = countMention(m, 'r1', 'r2');
    expect(countMention(m, 'r2', 'r2')).toBe(m);
    expect(m).toEqual({ r1: 2 });
    expect(markRead(m, 'r1')).toEqual({ r1: 0 });
  });

  it('puts the total and the open room in the tab title', () => {
    const room = { name: 'general', kind: 'public' } as Room;
    expect(documentTitle({ r1: 2, r2: 1 }, room)).toBe('(3) general · Cloud Chat');
    expect(documentTitle({ r1: 0 }, null)).toBe('Cloud Chat');
  });
});
