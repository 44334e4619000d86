import type { Message } from '../api/types';

/** A confirmed message for tests: seq `seq` in room r1 by alice, unchanged since it was sent. */
export function msg(seq: number, extra: Partial<Message> = {}): Message {
  return {
    messageId: `m${seq}`,
    roomId: 'r1',
    seq,
    userId: 'u1',
    username: 'alice',
    content: `hello ${seq}`,
    type: 'text',
    replyTo: null,
    clientMsgId: `c${seq}`,
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, seq)).toISOString(),
    changeSeq: seq,
    editedAt: null,
    deleted: false,
    threadOnly: false,
    replyCount: 0,
    lastReplyAt: null,
    reactions: [],
    mentions: [],
    lookalike: false,
    ...extra,
  };
}
