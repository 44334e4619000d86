/** The users I blocked, as a set of ids: they cannot DM me or invite me. */
import type { Block } from '../../api/types';

export function blockedIds(blocks: Block[]): ReadonlySet<string> {
  return new Set(blocks.map((b) => b.userId));
}

/** The set after blocking (or unblocking) one user; the same set when nothing changes. */
export function withBlocked(ids: ReadonlySet<string>, userId: string, blocked: boolean): ReadonlySet<string> {
  if (ids.has(userId) === blocked) return ids;
  const next = new Set(ids);
  if (blocked) next.add(userId);
  else next.delete(userId);
  return next;
}
