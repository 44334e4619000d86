import { describe, expect, it } from 'vitest';
import type { Member } from '../../api/types';
import { completeMention, mentionQuery, mentionSegments, moveActive, suggestMembers } from './mentions';

const member = (userId: string, username: string): Member => ({ userId, username, role: 'member', joinedAt: '', muteUntil: null, lookalike: false });
const members = [member('u1', 'alice'), member('u2', 'bob'), member('u3', 'albert'), member('u4', 'carla.b'), member('u5', 'Alba')];

describe('mention autocomplete', () => {
  it('finds the @partial at the caret only at a word start', () => {
    expect(mentionQuery('hi @al', 6)).toEqual({ start: 3, query: 'al' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('hi @al there', 6)).toEqual({ start: 3, query: 'al' });
    expect(mentionQuery('hi @al there', 12)).toBeNull();
    expect(mentionQuery('mail me@al', 10)).toBeNull();
    expect(mentionQuery('no mention', 10)).toBeNull();
  });

  it('suggests prefix matches first (case-insensitive), then substrings, never me', () => {
    expect(suggestMembers(members, 'al', 'u1').map((m) => m.username)).toEqual(['Alba', 'albert']);
    expect(suggestMembers(members, 'b', null).map((m) => m.username)).toEqual(['bob', 'Alba', 'albert', 'carla.b']);
    expect(suggestMembers(members, 'zz', null)).toEqual([]);
  });

  it('completes the token and moves the caret after it', () => {
    expect(completeMention('hi @al there', 3, 6, 'albert')).toEqual({ text: 'hi @albert  there', caret: 11 });
  });

  it('arrows wrap around the options', () => {
    expect(moveActive(0, 3, 'ArrowDown')).toBe(1);
    expect(moveActive(2, 3, 'ArrowDown')).toBe(0);
    expect(moveActive(0, 3, 'ArrowUp')).toBe(2);
    expect(moveActive(1, 3, 'Enter')).toBe(1);
    expect(moveActive(1, 0, 'ArrowDown')).toBe(0);
  });
});

describe('mention highlighting', () => {
  const mentions = [
    { userId: 'u1', username: 'alice' },
    { userId: 'u2', username: 'bob' },
  ];

  it('marks the server-listed mentions, mine apart, and leaves other @words as text', () => {
    expect(mentionSegments('hey @alice and @BOB, not @zed or a@bob', mentions, 'u1')).toEqual([
      { text: 'hey ' },
      { text: '@alice', mention: mentions[0], mine: true },
      { text: ' and ' },
      { text: '@BOB', mention: mentions[1], mine: false },
      { text: ', not @zed or a@bob' },
    ]);
  });

  it('is one text segment without mentions', () => {
    expect(mentionSegments('@alice hi', [], 'u1')).toEqual([{ text: '@alice hi' }]);
  });
});
