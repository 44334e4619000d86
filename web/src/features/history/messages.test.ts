import { describe, expect, it } from 'vitest';
import {
  initialMessagesState,
  mergeMessages,
  messagesReducer,
  selectRoom,
  threadReplies,
  timeline,
  type MessagesAction,
  type MessagesState,
  type PendingMessage,
} from './messages';
import { msg } from '../../testing/messages';
import { SETTLE_MS, resumeFrom } from './resume';

/** Where r1 resumes after a drop long after every arrival (all at 0 here). */
const resumePoint = (s: MessagesState) => resumeFrom(selectRoom(s, 'r1').arrivals, SETTLE_MS);

function pending(clientMsgId: string, extra: Partial<PendingMessage> = {}): PendingMessage {
  return {
    clientMsgId,
    roomId: 'r1',
    content: 'hi',
    replyTo: null,
    alsoToRoom: false,
    createdAt: new Date().toISOString(),
    status: 'pending',
    ...extra,
  };
}

function run(actions: MessagesAction[], state: MessagesState = initialMessagesState): MessagesState {
  return actions.reduce(messagesReducer, state);
}

const seqs = (s: MessagesState, roomId = 'r1') => selectRoom(s, roomId).messages.map((m) => m.seq);

describe('messagesReducer', () => {
  it('orders a newest-first history page oldest-first', () => {
    const s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(3), msg(2), msg(1)], nextCursor: 'cur1', page: 'latest' },
    ]);
    expect(seqs(s)).toEqual([1, 2, 3]);
    expect(selectRoom(s, 'r1').nextCursor).toBe('cur1');
    expect(selectRoom(s, 'r1').loaded).toBe(true);
  });

  it('dedupes by messageId across history and live messages', () => {
    const s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(2), msg(1)], nextCursor: null, page: 'latest' },
      { type: 'received', at: 0, message: msg(2) },
      { type: 'received', at: 0, message: msg(3) },
      { type: 'received', at: 0, message: msg(3) },
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(3), msg(2)], nextCursor: 'x', page: 'latest' },
    ]);
    expect(seqs(s)).toEqual([1, 2, 3]);
  });

  it('orders out-of-order live messages by seq', () => {
    const s = run([
      { type: 'received', at: 0, message: msg(5) },
      { type: 'received', at: 0, message: msg(3) },
      { type: 'received', at: 0, message: msg(4) },
      { type: 'received', at: 0, message: msg(1) },
    ]);
    expect(seqs(s)).toEqual([1, 3, 4, 5]);
  });

  it('prepends older pages and advances the cursor', () => {
    const s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(4), msg(3)], nextCursor: 'c1', page: 'latest' },
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(2), msg(1)], nextCursor: null, page: 'older' },
    ]);
    expect(seqs(s)).toEqual([1, 2, 3, 4]);
    expect(selectRoom(s, 'r1').nextCursor).toBeNull();
  });

  it('keeps the older-page cursor when a newest page arrives again (a load retried on reconnect)', () => {
    const s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(4), msg(3)], nextCursor: 'c1', page: 'latest' },
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(2)], nextCursor: 'c2', page: 'older' },
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(6), msg(5)], nextCursor: 'c-new', page: 'latest' },
    ]);
    expect(seqs(s)).toEqual([2, 3, 4, 5, 6]);
    expect(selectRoom(s, 'r1').nextCursor).toBe('c2');
  });

  it('ack replaces the pending message with the confirmed one', () => {
    let s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(1)], nextCursor: null, page: 'latest' },
      { type: 'send', pending: pending('cm-1', { content: 'hi' }) },
    ]);
    expect(selectRoom(s, 'r1').pending.map((p) => p.clientMsgId)).toEqual(['cm-1']);
    s = messagesReducer(s, {
      type: 'ack',
      clientMsgId: 'cm-1',
      message: msg(2, { clientMsgId: 'cm-1', content: 'hi' }),
    });
    expect(selectRoom(s, 'r1').pending).toEqual([]);
    expect(seqs(s)).toEqual([1, 2]);
  });

  it('an ack after the live echo does not duplicate', () => {
    const confirmed = msg(2, { clientMsgId: 'cm-1' });
    const s = run([
      { type: 'send', pending: pending('cm-1') },
      { type: 'received', at: 0, message: confirmed },
      { type: 'ack', clientMsgId: 'cm-1', message: confirmed },
    ]);
    expect(selectRoom(s, 'r1').pending).toEqual([]);
    expect(seqs(s)).toEqual([2]);
  });

  it('a live message or history page carrying our clientMsgId settles the pending entry', () => {
    let s = run([
      { type: 'send', pending: pending('cm-1') },
      { type: 'send', pending: pending('cm-2') },
    ]);
    s = messagesReducer(s, { type: 'received', at: 0, message: msg(7, { clientMsgId: 'cm-2' }) });
    expect(selectRoom(s, 'r1').pending.map((p) => p.clientMsgId)).toEqual(['cm-1']);
    s = messagesReducer(s, {
      type: 'history', at: 0,
      roomId: 'r1',
      messages: [msg(8, { clientMsgId: 'cm-1' })],
      nextCursor: null,
      page: 'latest',
    });
    expect(selectRoom(s, 'r1').pending).toEqual([]);
    expect(seqs(s)).toEqual([7, 8]);
  });

  it('does not add the same pending clientMsgId twice', () => {
    const s = run([
      { type: 'send', pending: pending('cm-1') },
      { type: 'send', pending: pending('cm-1') },
    ]);
    expect(selectRoom(s, 'r1').pending).toHaveLength(1);
  });

  it('sendFailed / retry / discard manage the pending status', () => {
    let s = run([
      { type: 'send', pending: pending('cm-1') },
      { type: 'sendFailed', clientMsgId: 'cm-1', error: 'too long' },
    ]);
    expect(selectRoom(s, 'r1').pending[0]).toMatchObject({ status: 'failed', error: 'too long' });
    s = messagesReducer(s, { type: 'retry', clientMsgId: 'cm-1' });
    expect(selectRoom(s, 'r1').pending[0]?.status).toBe('pending');
    expect(selectRoom(s, 'r1').pending[0]?.error).toBeUndefined();
    s = messagesReducer(s, { type: 'discard', clientMsgId: 'cm-1' });
    expect(selectRoom(s, 'r1').pending).toEqual([]);
  });

  it('keeps rooms separate', () => {
    const s = run([
      { type: 'received', at: 0, message: msg(1) },
      { type: 'received', at: 0, message: msg(1, { roomId: 'r2', messageId: 'other-1' }) },
    ]);
    expect(seqs(s, 'r1')).toEqual([1]);
    expect(seqs(s, 'r2')).toEqual([1]);
    expect(selectRoom(s, 'r2').messages[0]?.messageId).toBe('other-1');
  });

  it('returns the same state object for no-op updates', () => {
    const s1 = run([{ type: 'received', at: 0, message: msg(1) }]);
    const s2 = messagesReducer(s1, { type: 'received', at: 0, message: selectRoom(s1, 'r1').messages[0]! });
    expect(s2).toBe(s1);
  });
});

describe('mergeMessages', () => {
  it('breaks seq ties deterministically', () => {
    const a = msg(1, { messageId: 'b' });
    const b = msg(1, { messageId: 'a' });
    expect(mergeMessages([a], [b]).map((m) => m.messageId)).toEqual(['a', 'b']);
  });
});

describe('changes to messages', () => {
  const thumbs = (count: number, mine: boolean) => [{ emoji: '👍', count, mine }];

  it('keeps the latest change of a message and drops older copies', () => {
    const edited = msg(1, { content: 'edited', changeSeq: 5, editedAt: '2024-01-01T00:01:00.000Z' });
    const s = run([
      { type: 'received', at: 0, message: msg(1) },
      { type: 'updated', at: 0, message: edited, myUserId: 'me' },
      { type: 'updated', at: 0, message: msg(1), myUserId: 'me' }, // a late duplicate of the original
    ]);
    expect(selectRoom(s, 'r1').messages[0]).toMatchObject({ content: 'edited', changeSeq: 5 });
    expect(resumePoint(s)).toBe(5);
  });

  it('shows a delete as a tombstone in place', () => {
    const s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(2), msg(1)], nextCursor: null, page: 'latest' },
      { type: 'updated', at: 0, message: msg(1, { content: '', deleted: true, changeSeq: 3 }), myUserId: 'me' },
    ]);
    expect(seqs(s)).toEqual([1, 2]);
    expect(selectRoom(s, 'r1').messages[0]).toMatchObject({ deleted: true, content: '', reactions: [] });
  });

  it('a room-wide reaction update keeps my flag unless it is about me', () => {
    let s = run([{ type: 'received', at: 0, message: msg(1, { reactions: thumbs(1, true) }) }]);
    // bob adds 👍: counts from the server, mine false for everyone in a fan-out
    s = messagesReducer(s, {
      type: 'updated', at: 0,
      message: msg(1, { changeSeq: 2, reactions: thumbs(2, false) }),
      reaction: { emoji: '👍', userId: 'bob', added: true },
      myUserId: 'me',
    });
    expect(selectRoom(s, 'r1').messages[0]?.reactions).toEqual(thumbs(2, true));
    // I remove mine in another tab
    s = messagesReducer(s, {
      type: 'updated', at: 0,
      message: msg(1, { changeSeq: 3, reactions: thumbs(1, false) }),
      reaction: { emoji: '👍', userId: 'me', added: false },
      myUserId: 'me',
    });
    expect(selectRoom(s, 'r1').messages[0]?.reactions).toEqual(thumbs(1, false));
    // ...and add it again elsewhere
    s = messagesReducer(s, {
      type: 'updated', at: 0,
      message: msg(1, { changeSeq: 4, reactions: thumbs(2, false) }),
      reaction: { emoji: '👍', userId: 'me', added: true },
      myUserId: 'me',
    });
    expect(selectRoom(s, 'r1').messages[0]?.reactions).toEqual(thumbs(2, true));
  });

  it('my reaction shows at once and the reply confirms it', () => {
    let s = run([
      { type: 'received', at: 0, message: msg(1, { reactions: thumbs(1, false) }) },
      { type: 'reacted', roomId: 'r1', messageId: 'm1', emoji: '👍', add: true },
      { type: 'reacted', roomId: 'r1', messageId: 'm1', emoji: '👍', add: true }, // double click: no-op
      { type: 'reacted', roomId: 'r1', messageId: 'm1', emoji: '🎉', add: true },
    ]);
    expect(selectRoom(s, 'r1').messages[0]?.reactions).toEqual([
      { emoji: '👍', count: 2, mine: true },
      { emoji: '🎉', count: 1, mine: true },
    ]);
    s = messagesReducer(s, { type: 'reacted', roomId: 'r1', messageId: 'm1', emoji: '🎉', add: false });
    expect(selectRoom(s, 'r1').messages[0]?.reactions).toEqual(thumbs(2, true));
    s = messagesReducer(s, {
      type: 'updated', at: 0,
      message: msg(1, { changeSeq: 3, reactions: thumbs(2, true) }),
      myUserId: 'me',
    });
    expect(selectRoom(s, 'r1').messages[0]?.reactions).toEqual(thumbs(2, true));
  });

  it('resumed pages upsert current states and advance the resume point', () => {
    let s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(2), msg(1)], nextCursor: null, page: 'latest' },
    ]);
    expect(resumePoint(s)).toBe(2);
    s = messagesReducer(s, {
      type: 'resumed', at: 0,
      roomId: 'r1',
      changes: [msg(3), msg(1, { content: 'edited twice', changeSeq: 6 }), msg(5)],
      upToSeq: 6,
    });
    expect(seqs(s)).toEqual([1, 2, 3, 5]);
    expect(selectRoom(s, 'r1').messages[0]?.content).toBe('edited twice');
    expect(resumePoint(s)).toBe(6);
    // an empty page past a seq taken by nothing visible (a failed send) still moves on
    s = messagesReducer(s, { type: 'resumed', at: 0, roomId: 'r1', changes: [], upToSeq: 8 });
    expect(resumePoint(s)).toBe(8);
  });

  it('older and thread pages never move the resume point', () => {
    const s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(4)], nextCursor: 'c', page: 'latest' },
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(1, { changeSeq: 9 })], nextCursor: null, page: 'older' },
      { type: 'fetched', roomId: 'r1', messages: [msg(5, { replyTo: 'm4', threadOnly: true, changeSeq: 7 })] },
    ]);
    expect(resumePoint(s)).toBe(4);
  });

  it('thread-only replies stay out of the timeline but are in their thread', () => {
    const s = run([
      { type: 'received', at: 0, message: msg(1) },
      { type: 'received', at: 0, message: msg(2, { replyTo: 'm1', threadOnly: true }) },
      { type: 'received', at: 0, message: msg(3, { replyTo: 'm1' }) },
    ]);
    const room = selectRoom(s, 'r1');
    expect(timeline(room).map((m) => m.seq)).toEqual([1, 3]);
    expect(threadReplies(room, 'm1').map((m) => m.seq)).toEqual([2, 3]);
  });
});
