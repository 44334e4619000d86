/**
 * Who is typing where, and when to tell the server that I am. Pure, so the
 * expiry and the throttle are tested without timers.
 */
import type { ChatSocketEvents } from '../../api/ws';

/** How often a typist re-sends `start` while still typing (the server's fan-out throttle). */
export const TYPING_RESEND_MS = 3_000;
/** With no keystroke for this long, I have stopped typing. */
export const TYPING_IDLE_MS = 5_000;

/** roomId → userId → the typist and when their `start` lapses (epoch ms). */
export type Typists = Record<string, Record<string, { username: string; expiresAt: number }>>;

export function applyTyping(typists: Typists, ev: ChatSocketEvents['typing'], now: number): Typists {
  const room = { ...(typists[ev.roomId] ?? {}) };
  if (ev.state === 'start') room[ev.userId] = { username: ev.username, expiresAt: now + ev.expiresInMs };
  else if (room[ev.userId]) delete room[ev.userId];
  else return typists;
  return { ...typists, [ev.roomId]: room };
}

/** Drop lapsed `start`s; the same object when none lapsed. */
export function expireTyping(typists: Typists, now: number): Typists {
  let changed = false;
  const out: Typists = {};
  for (const [roomId, room] of Object.entries(typists)) {
    out[roomId] = Object.fromEntries(
      Object.entries(room).filter(([, t]) => {
        const live = t.expiresAt > now;
        changed ||= !live;
        return live;
      }),
    );
  }
  return changed ? out : typists;
}

/** The earliest moment a typist lapses, to arm one timer; null when nobody types. */
export function nextExpiry(typists: Typists): number | null {
  const all = Object.values(typists).flatMap((room) => Object.values(room).map((t) => t.expiresAt));
  return all.length ? Math.min(...all) : null;
}

/** "alice is typing…", "alice and bob are typing…", "Several people are typing…"; "" when nobody. */
export function typingLine(typists: Typists, roomId: string | null, myUserId: string | null): string {
  if (!roomId) return '';
  const names = Object.entries(typists[roomId] ?? {})
    .filter(([userId]) => userId !== myUserId)
    .map(([, t]) => t.username)
    .sort();
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}

/** My side: when the last `start` went out (null: I am not typing as far as others know). */
export interface MyTyping {
  roomId: string | null;
  startedAt: number | null;
}

export const NOT_TYPING: MyTyping = { roomId: null, startedAt: null };

/**
 * What to send after my draft in `roomId` changed: `start` on the first keystroke and again
 * every TYPING_RESEND_MS while typing, `stop` when the draft empties (or the room changes).
 */
export function onDraftChange(
  mine: MyTyping,
  roomId: string,
  empty: boolean,
  now: number,
): { next: MyTyping; send: { roomId: string; state: 'start' | 'stop' }[] } {
  const send: { roomId: string; state: 'start' | 'stop' }[] = [];
  let cur = mine;
  if (cur.startedAt !== null && cur.roomId !== null && cur.roomId !== roomId) {
    send.push({ roomId: cur.roomId, state: 'stop' });
    cur = NOT_TYPING;
  }
  if (empty) {
    if (cur.startedAt !== null) send.push({ roomId, state: 'stop' });
    return { next: NOT_TYPING, send };
  }
  if (cur.startedAt === null || now - cur.startedAt >= TYPING_RESEND_MS) {
    send.push({ roomId, state: 'start' });
    return { next: { roomId, startedAt: now }, send };
  }
  return { next: cur, send };
}

/** `stop` for a typing I announced (message sent, idle, room left); nothing otherwise. */
export function stopTyping(mine: MyTyping): { roomId: string; state: 'stop' }[] {
  return mine.startedAt !== null && mine.roomId !== null ? [{ roomId: mine.roomId, state: 'stop' }] : [];
}
