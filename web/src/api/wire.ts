import type { Message } from './types';

/**
 * A message as the client holds it. A server from before issue 8 sends no
 * changeSeq, edit, thread or reaction fields: they get their "nothing happened"
 * values here, the one place messages enter the client (REST pages and socket events).
 * Remove together with the resume fallback once every server answers `resume`.
 */
export function messageFromWire(raw: Message): Message {
  return {
    ...raw,
    changeSeq: raw.changeSeq ?? raw.seq,
    editedAt: raw.editedAt ?? null,
    deleted: raw.deleted ?? false,
    threadOnly: raw.threadOnly ?? false,
    replyCount: raw.replyCount ?? 0,
    lastReplyAt: raw.lastReplyAt ?? null,
    reactions: raw.reactions ?? [],
  };
}
