/**
 * Reaction chips as this user sees them. The server's counts are the truth; `mine`
 * is per user, so a room-wide update (where it is false for everyone) must not wipe
 * ours: we keep what we knew unless the update says we changed it.
 */
import type { Reaction, ReactionChange } from '../../api/types';

/** The picker's choices; the server accepts any single emoji. */
export const QUICK_EMOJIS = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

/** `incoming` counts with our `mine` flags: from `change` when it is ours, else what we knew. */
export function mergeReactions(
  known: Reaction[],
  incoming: Reaction[],
  change: ReactionChange | undefined,
  myUserId: string | null,
): Reaction[] {
  const knewMine = new Set(known.filter((r) => r.mine).map((r) => r.emoji));
  return incoming.map((r) => {
    const mine =
      change && change.emoji === r.emoji && change.userId === myUserId ? change.added : r.mine || knewMine.has(r.emoji);
    return mine === r.mine ? r : { ...r, mine };
  });
}

/** My own add/remove applied at once (the server's reply confirms it); a no-op when already so. */
export function toggleReaction(reactions: Reaction[], emoji: string, add: boolean): Reaction[] {
  const current = reactions.find((r) => r.emoji === emoji);
  if ((current?.mine ?? false) === add) return reactions;
  if (add) {
    return current
      ? reactions.map((r) => (r === current ? { ...r, count: r.count + 1, mine: true } : r))
      : [...reactions, { emoji, count: 1, mine: true }];
  }
  return reactions.flatMap((r) => (r !== current ? [r] : r.count > 1 ? [{ ...r, count: r.count - 1, mine: false }] : []));
}
