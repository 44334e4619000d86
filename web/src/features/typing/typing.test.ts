import { describe, expect, it } from 'vitest';
import {
  NOT_TYPING,
  TYPING_RESEND_MS,
  applyTyping,
  expireTyping,
  nextExpiry,
  onDraftChange,
  stopTyping,
  typingLine,
  type Typists,
} from './typing';

const start = (userId: string, username: string, roomId = 'r1') =>
  ({ roomId, userId, username, state: 'start', expiresInMs: 6000 }) as const;

describe('typists', () => {
  it('shows a start until it lapses, and a refresh extends it', () => {
    let t: Typists = applyTyping({}, start('u2', 'bob'), 1000);
    expect(typingLine(t, 'r1', 'u1')).toBe('bob is typing…');
    expect(nextExpiry(t)).toBe(7000);
    t = applyTyping(t, start('u2', 'bob'), 4000);
    expect(expireTyping(t, 7000)).toBe(t);
    t = expireTyping(t, 10_000);
    expect(typingLine(t, 'r1', 'u1')).toBe('');
    expect(nextExpiry(t)).toBeNull();
  });

  it('a stop clears at once; names are listed per room, never mine', () => {
    let t = applyTyping({}, start('u2', 'bob'), 0);
    t = applyTyping(t, start('u3', 'carol'), 0);
    t = applyTyping(t, start('u1', 'alice'), 0);
    t = applyTyping(t, start('u4', 'dave', 'r2'), 0);
    expect(typingLine(t, 'r1', 'u1')).toBe('bob and carol are typing…');
    t = applyTyping(t, start('u5', 'erin'), 0);
    expect(typingLine(t, 'r1', 'u1')).toBe('Several people are typing…');
    t = applyTyping(t, { ...start('u3', 'carol'), state: 'stop' }, 0);
    t = applyTyping(t, { ...start('u5', 'erin'), state: 'stop' }, 0);
    expect(typingLine(t, 'r1', 'u1')).toBe('bob is typing…');
    expect(typingLine(t, 'r2', 'u1')).toBe('dave is typing…');
    expect(applyTyping(t, { ...start('u9', 'x'), state: 'stop' }, 0)).toBe(t);
  });
});

describe('my typing', () => {
  it('sends start on the first keystroke, again only every 3 s, and stop when the draft empties', () => {
    let r = onDraftChange(NOT_TYPING, 'r1', false, 0);
    expect(r.send).toEqual([{ roomId: 'r1', state: 'start' }]);
    r = onDraftChange(r.next, 'r1', false, TYPING_RESEND_MS - 1);
    expect(r.send).toEqual([]);
    r = onDraftChange(r.next, 'r1', false, TYPING_RESEND_MS);
    expect(r.send).toEqual([{ roomId: 'r1', state: 'start' }]);
    r = onDraftChange(r.next, 'r1', true, TYPING_RESEND_MS + 10);
    expect(r.send).toEqual([{ roomId: 'r1', state: 'stop' }]);
    expect(onDraftChange(r.next, 'r1', true, 99_999).send).toEqual([]);
  });

  it('typing in another room stops the first; sending stops once', () => {
    const a = onDraftChange(NOT_TYPING, 'r1', false, 0);
    const b = onDraftChange(a.next, 'r2', false, 100);
    expect(b.send).toEqual([
      { roomId: 'r1', state: 'stop' },
      { roomId: 'r2', state: 'start' },
    ]);
    expect(stopTyping(b.next)).toEqual([{ roomId: 'r2', state: 'stop' }]);
    expect(stopTyping(NOT_TYPING)).toEqual([]);
  });
});
