/** Where a search result leads, and the next step to get there once its room is open. */
import type { Message, SearchResult } from '../../api/types';
import type { RoomMessages } from '../history/messages';

export const MAX_QUERY_LENGTH = 100;

export interface JumpTarget {
  roomId: string;
  messageId: string;
  /** a thread-only reply is shown in its thread: open this root */
  threadRootId: string | null;
}

/** A search result's (or a pin's) message. */
export function jumpTarget({ message, roomId }: Pick<SearchResult, 'message' | 'roomId'>): JumpTarget {
  return { roomId, messageId: message.messageId, threadRootId: message.threadOnly ? message.replyTo : null };
}

/**
 * With the target's room open: show it if loaded, else load an older page (the result is
 * older than what is shown), open its thread, wait for the first page, or give up.
 */
export function jumpStep(target: JumpTarget, room: RoomMessages): 'wait' | 'show' | 'thread' | 'loadOlder' | 'missing' {
  if (target.threadRootId) return 'thread';
  if (!room.loaded) return 'wait';
  if (room.messages.some((m: Message) => m.messageId === target.messageId && !m.threadOnly)) return 'show';
  return room.nextCursor ? 'loadOlder' : 'missing';
}

/** A query the server accepts: 1–100 characters after trimming. */
export function validQuery(q: string): boolean {
  const t = q.trim();
  return t.length > 0 && Array.from(t).length <= MAX_QUERY_LENGTH;
}
