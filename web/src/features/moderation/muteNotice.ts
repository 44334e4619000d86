import type { Member } from '../../api/types';

/** A refusal because a moderator muted me: the server's `muted` error, whose message says until when. */
export function muteNotice(err: { code?: string; message?: string } | unknown): string | null {
  if (!err || typeof err !== 'object') return null;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code !== 'muted') return null;
  return typeof message === 'string' && message ? message : 'You are muted in this room.';
}

/** The notice before I even try: my own member row says I am muted here (until a moment in the future). */
export function ownMuteNotice(me: Member | undefined, now: number): string | null {
  if (!me?.muteUntil || Date.parse(me.muteUntil) <= now) return null;
  return `You are muted in this room until ${new Date(me.muteUntil).toLocaleString()}.`;
}
