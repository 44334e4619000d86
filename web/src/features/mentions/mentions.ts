/**
 * `@username` tokens: finding the one being typed (autocomplete), completing it, and
 * splitting a message into text and mentions for highlighting. The server decides which
 * tokens are mentions (members of the room) and sends them as `message.mentions`.
 */
import type { Member, Mention } from '../../api/types';

/** A Cognito username, as the server parses it. */
const USERNAME = '[A-Za-z0-9_.-]{1,64}';
const TOKEN = new RegExp(`(^|[^A-Za-z0-9_.@-])@(${USERNAME})`, 'g');
const TYPING_TOKEN = /(?:^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{0,64})$/;
export const MAX_SUGGESTIONS = 8;

/** The `@partial` ending at the caret: where its `@` is and what follows it; null when none. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = TYPING_TOKEN.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1] ?? '';
  return { start: caret - query.length - 1, query };
}

/** Members whose username starts with the query come first, then those containing it; never me. */
export function suggestMembers(members: Member[], query: string, myUserId: string | null): Member[] {
  const q = query.toLowerCase();
  const others = members.filter((m) => m.userId !== myUserId);
  const starts = others.filter((m) => m.username.toLowerCase().startsWith(q));
  const contains = others.filter((m) => !m.username.toLowerCase().startsWith(q) && m.username.toLowerCase().includes(q));
  const byName = (a: Member, b: Member) => a.username.localeCompare(b.username);
  return [...starts.sort(byName), ...contains.sort(byName)].slice(0, MAX_SUGGESTIONS);
}

/** Replace the `@partial` from `start` to the caret by `@username ` and put the caret after it. */
export function completeMention(text: string, start: number, caret: number, username: string) {
  const inserted = `@${username} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** The highlighted option after an arrow key, wrapping around; unchanged for other keys. */
export function moveActive(active: number, count: number, key: string): number {
  if (count === 0) return 0;
  if (key === 'ArrowDown') return (active + 1) % count;
  if (key === 'ArrowUp') return (active - 1 + count) % count;
  return active;
}

export type Segment = { text: string } | { text: string; mention: Mention; mine: boolean };

/** Split content into plain text and the `@username` tokens the server marked as mentions. */
export function mentionSegments(content: string, mentions: Mention[], myUserId: string | null): Segment[] {
  if (mentions.length === 0) return [{ text: content }];
  const byName = new Map(mentions.map((m) => [m.username.toLowerCase(), m]));
  const out: Segment[] = [];
  let last = 0;
  for (const match of content.matchAll(TOKEN)) {
    const mention = byName.get((match[2] ?? '').toLowerCase());
    if (!mention) continue;
    const at = (match.index ?? 0) + (match[1] ?? '').length;
    if (at > last) out.push({ text: content.slice(last, at) });
    const token = `@${match[2] ?? ''}`;
    out.push({ text: token, mention, mine: mention.userId === myUserId });
    last = at + token.length;
  }
  if (last < content.length) out.push({ text: content.slice(last) });
  return out;
}
