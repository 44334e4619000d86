/**
 * Which moderation controls to show. Only a hint for the UI: the server's policy decides and
 * answers 403 `forbidden` otherwise. Rank: member < room moderator < room owner < global
 * moderator < global admin; staff may act on members of their own rank or lower, never on themselves.
 */
import type { Member, Role, RoomKind } from '../../api/types';

const ROOM_RANK: Record<string, number> = { member: 0, moderator: 1, owner: 2 };
const GLOBAL_RANK: Partial<Record<Role, number>> = { moderator: 3, admin: 4 };

export interface Staff {
  userId: string | null;
  /** my global roles (GET /me) */
  roles: Role[];
  /** my role in the open room, if a member */
  roomRole: string | null;
  roomKind: RoomKind | null;
}

export function rank(roomRole: string | null, roles: Role[] = []): number {
  return Math.max(ROOM_RANK[roomRole ?? ''] ?? 0, ...roles.map((r) => GLOBAL_RANK[r] ?? 0));
}

/** Room staff (not in DMs, where both people own the room): may pin and moderate. */
export function isRoomStaff(me: Staff): boolean {
  return me.roomKind !== null && me.roomKind !== 'dm' && rank(me.roomRole, me.roles) >= ROOM_RANK.moderator!;
}

/** Mute, kick and ban `target`: staff acting on someone else of no higher rank. */
export function canModerateMember(me: Staff, target: Member): boolean {
  return isRoomStaff(me) && target.userId !== me.userId && rank(me.roomRole, me.roles) >= rank(target.role);
}

/** Appoint or demote a room moderator: the owner or a global admin, never on the owner. */
export function canAppoint(me: Staff, target: Member): boolean {
  const allowed = me.roomRole === 'owner' || me.roles.includes('admin');
  return isRoomStaff(me) && allowed && target.userId !== me.userId && target.role !== 'owner';
}

/** Durations offered for a mute (the server allows up to 30 days). */
export const MUTE_DURATIONS: { label: string; ms: number }[] = [
  { label: '10 minutes', ms: 10 * 60_000 },
  { label: '1 hour', ms: 60 * 60_000 },
  { label: '1 day', ms: 24 * 60 * 60_000 },
  { label: '7 days', ms: 7 * 24 * 60 * 60_000 },
];

/** `until` for a mute of `ms` from `now`, as the wire wants it (ISO-8601 UTC, milliseconds, Z). */
export function muteUntil(now: number, ms: number): string {
  return new Date(now + ms).toISOString();
}

/** Is this member muted at `now`? */
export function isMuted(member: Member, now: number): boolean {
  return member.muteUntil !== null && Date.parse(member.muteUntil) > now;
}
