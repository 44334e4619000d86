import { describe, expect, it } from 'vitest';
import type { Room } from '../../api/types';
import { activeRoom, initialRoomsState, removedNotice, roomsReducer, type RoomsState } from './rooms';

const room = (roomId: string): Room => ({
  roomId,
  name: roomId,
  kind: 'public',
  description: '',
  createdBy: 'u1',
  createdAt: '2024-01-01T00:00:00Z',
  lastSeq: 0,
});

const listed = (state: RoomsState, ...ids: string[]) =>
  roomsReducer(state, { type: 'listed', rooms: ids.map(room) });

describe('roomsReducer', () => {
  it('keeps the remembered room until the first list arrives', () => {
    const s = initialRoomsState('r9');
    expect(s.activeRoomId).toBe('r9');
    expect(s.loaded).toBe(false);
    expect(roomsReducer(s, { type: 'selected', roomId: 'r7' }).activeRoomId).toBe('r7');
  });

  it('keeps the remembered room when the list holds it', () => {
    const s = listed(initialRoomsState('r2'), 'r1', 'r2');
    expect(s.loaded).toBe(true);
    expect(s.activeRoomId).toBe('r2');
    expect(activeRoom(s)?.roomId).toBe('r2');
  });

  it('falls back to the first room when the remembered one is not mine', () => {
    expect(listed(initialRoomsState('gone'), 'r1', 'r2').activeRoomId).toBe('r1');
    expect(listed(initialRoomsState(null), 'r1').activeRoomId).toBe('r1');
    expect(listed(initialRoomsState('gone')).activeRoomId).toBeNull();
  });

  it('opens the first room once one appears in an empty list', () => {
    const empty = listed(initialRoomsState(null));
    expect(empty.activeRoomId).toBeNull();
    expect(listed(empty, 'r5').activeRoomId).toBe('r5');
  });

  it('moves off a room that a refresh no longer lists', () => {
    const s = listed(initialRoomsState('r2'), 'r1', 'r2');
    expect(listed(s, 'r1', 'r3').activeRoomId).toBe('r1');
  });

  it('adds a joined or created room once and opens it', () => {
    const s = listed(initialRoomsState('r1'), 'r1');
    const added = roomsReducer(s, { type: 'added', room: room('r2') });
    expect(added.rooms.map((r) => r.roomId)).toEqual(['r1', 'r2']);
    expect(added.activeRoomId).toBe('r2');
    const again = roomsReducer(added, { type: 'added', room: room('r1') });
    expect(again.rooms.map((r) => r.roomId)).toEqual(['r1', 'r2']);
    expect(again.activeRoomId).toBe('r1');
  });

  it('opens the first remaining room after leaving the open one', () => {
    const s = listed(initialRoomsState('r2'), 'r1', 'r2', 'r3');
    const left = roomsReducer(s, { type: 'removed', roomId: 'r2' });
    expect(left.rooms.map((r) => r.roomId)).toEqual(['r1', 'r3']);
    expect(left.activeRoomId).toBe('r1');
    const none = roomsReducer(roomsReducer(left, { type: 'removed', roomId: 'r1' }), { type: 'removed', roomId: 'r3' });
    expect(none.activeRoomId).toBeNull();
    expect(activeRoom(none)).toBeNull();
  });

  it('falls back to the first room when asked to open one that is not mine', () => {
    const s = listed(initialRoomsState('r1'), 'r1', 'r2');
    expect(roomsReducer(s, { type: 'selected', roomId: 'r2' }).activeRoomId).toBe('r2');
    expect(roomsReducer(s, { type: 'selected', roomId: 'nope' }).activeRoomId).toBe('r1');
  });
});

describe('roomRemoved', () => {
  it('a kick or ban takes the room out of my list and another room opens', () => {
    let s = listed(initialRoomsState('r2'), 'r1', 'r2');
    s = roomsReducer(s, { type: 'removed', roomId: 'r2' });
    expect(s.rooms.map((r) => r.roomId)).toEqual(['r1']);
    expect(s.activeRoomId).toBe('r1');
  });

  it('tells me why', () => {
    expect(removedNotice(room('general'), 'kicked')).toBe('You were removed from general.');
    expect(removedNotice(room('general'), 'banned')).toBe('You were banned from general.');
    expect(removedNotice(undefined, 'kicked')).toBe('You were removed from a room.');
  });
});
