import { describe, expect, it } from 'vitest';
import { emptyRoom } from '../history/messages';
import { msg } from '../../testing/messages';
import { jumpStep, jumpTarget, validQuery } from './search';

describe('search jump', () => {
  it('a result in the timeline jumps to the message in its room', () => {
    const t = jumpTarget({ message: msg(3), roomId: 'r1' });
    expect(t).toEqual({ roomId: 'r1', messageId: 'm3', threadRootId: null });
    expect(jumpStep(t, emptyRoom())).toBe('wait');
    const loaded = { ...emptyRoom(), loaded: true, messages: [msg(3), msg(4)], nextCursor: 'c' };
    expect(jumpStep(t, loaded)).toBe('show');
  });

  it('loads older pages until the message is there, and says when it is gone', () => {
    const t = jumpTarget({ message: msg(1), roomId: 'r1' });
    const room = { ...emptyRoom(), loaded: true, messages: [msg(30)], nextCursor: 'older' };
    expect(jumpStep(t, room)).toBe('loadOlder');
    expect(jumpStep(t, { ...room, nextCursor: null })).toBe('missing');
  });

  it('a thread-only reply opens its thread', () => {
    const reply = msg(5, { replyTo: 'm2', threadOnly: true });
    const t = jumpTarget({ message: reply, roomId: 'r1' });
    expect(t.threadRootId).toBe('m2');
    expect(jumpStep(t, emptyRoom())).toBe('thread');
    // a reply also sent to the room is shown in the timeline
    expect(jumpTarget({ message: msg(6, { replyTo: 'm2' }), roomId: 'r1' }).threadRootId).toBeNull();
  });

  it('accepts 1 to 100 characters', () => {
    expect(validQuery('  ')).toBe(false);
    expect(validQuery('hello')).toBe(true);
    expect(validQuery('x'.repeat(100))).toBe(true);
    expect(validQuery('x'.repeat(101))).toBe(false);
  });
});
