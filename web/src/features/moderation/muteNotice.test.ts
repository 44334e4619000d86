import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/rest';
import { muteNotice, ownMuteNotice } from './muteNotice';

describe('muteNotice', () => {
  it("shows the server's message for a muted refusal, over the socket or REST", () => {
    expect(muteNotice({ code: 'muted', message: 'You are muted here until 2030-01-01T00:00:00.000Z.' })).toBe(
      'You are muted here until 2030-01-01T00:00:00.000Z.',
    );
    expect(muteNotice(new ApiError(403, 'muted', 'Muted until tomorrow.'))).toBe('Muted until tomorrow.');
    expect(muteNotice({ code: 'muted', message: '' })).toBe('You are muted in this room.');
  });

  it('ignores every other error', () => {
    expect(muteNotice({ code: 'forbidden', message: 'no' })).toBeNull();
    expect(muteNotice(new Error('boom'))).toBeNull();
    expect(muteNotice(null)).toBeNull();
  });
});

describe('ownMuteNotice', () => {
  const me = (muteUntil: string | null) => ({ userId: 'u', username: 'bob', role: 'member', joinedAt: '', muteUntil, lookalike: false });
  it('shows my own future mute from the members list, not a past one', () => {
    const now = Date.UTC(2030, 0, 1);
    expect(ownMuteNotice(me('2030-01-01T01:00:00.000Z'), now)).toMatch(/^You are muted in this room until /);
    expect(ownMuteNotice(me('2029-12-31T23:00:00.000Z'), now)).toBeNull();
    expect(ownMuteNotice(me(null), now)).toBeNull();
    expect(ownMuteNotice(undefined, now)).toBeNull();
  });
});
