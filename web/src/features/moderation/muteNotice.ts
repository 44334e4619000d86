/** A refusal because a moderator muted me: the server's `muted` error, whose message says until when. */
export function muteNotice(err: { code?: string; message?: string } | unknown): string | null {
  if (!err || typeof err !== 'object') return null;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code !== 'muted') return null;
  return typeof message === 'string' && message ? message : 'You are muted in this room.';
}
