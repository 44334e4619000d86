/**
 * Who is online, merged from `GET /rooms/{id}/presence` (a room's initial state) and
 * `presence` events (changes). `rooms` remembers whose presence each fetched room holds,
 * so a DM can show the other person's dot without another list of members.
 */
import type { PresenceUser } from '../../api/types';

export interface PresenceState {
  online: Record<string, boolean>;
  rooms: Record<string, string[]>;
}

export const NO_PRESENCE: PresenceState = { online: {}, rooms: {} };

/** A `presence` event: later news about a user wins. */
export function mergePresence(state: PresenceState, users: PresenceUser[]): PresenceState {
  if (users.length === 0) return state;
  const online = { ...state.online };
  for (const u of users) online[u.userId] = u.online;
  return { ...state, online };
}

/** A room's fetched presence. */
export function roomPresence(state: PresenceState, roomId: string, users: PresenceUser[]): PresenceState {
  const merged = mergePresence(state, users);
  return { ...merged, rooms: { ...merged.rooms, [roomId]: users.map((u) => u.userId) } };
}

export function isOnline(state: PresenceState, userId: string): boolean {
  return state.online[userId] ?? false;
}

/** A DM's dot: is anyone in it but me online? null until the room's presence was fetched. */
export function roomPeerOnline(state: PresenceState, roomId: string, myUserId: string | null): boolean | null {
  const users = state.rooms[roomId];
  if (!users) return null;
  return users.some((u) => u !== myUserId && isOnline(state, u));
}
