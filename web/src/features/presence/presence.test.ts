import { describe, expect, it } from 'vitest';
import { NO_PRESENCE, isOnline, mergePresence, roomPeerOnline, roomPresence } from './presence';

describe('presence', () => {
  it("a room's list sets the initial state and events change it", () => {
    let s = roomPresence(NO_PRESENCE, 'r1', [
      { userId: 'u1', online: true },
      { userId: 'u2', online: false },
    ]);
    expect(isOnline(s, 'u1')).toBe(true);
    expect(isOnline(s, 'u2')).toBe(false);
    s = mergePresence(s, [{ userId: 'u2', online: true }]);
    expect(isOnline(s, 'u2')).toBe(true);
    s = mergePresence(s, [{ userId: 'u1', online: false }, { userId: 'u9', online: true }]);
    expect(isOnline(s, 'u1')).toBe(false);
    expect(isOnline(s, 'u9')).toBe(true);
    expect(isOnline(s, 'nobody')).toBe(false);
    expect(mergePresence(s, [])).toBe(s);
  });

  it("a DM's dot is the other person's presence, unknown until fetched", () => {
    expect(roomPeerOnline(NO_PRESENCE, 'dm', 'me')).toBeNull();
    let s = roomPresence(NO_PRESENCE, 'dm', [
      { userId: 'me', online: true },
      { userId: 'bob', online: false },
    ]);
    expect(roomPeerOnline(s, 'dm', 'me')).toBe(false);
    s = mergePresence(s, [{ userId: 'bob', online: true }]);
    expect(roomPeerOnline(s, 'dm', 'me')).toBe(true);
  });
});
