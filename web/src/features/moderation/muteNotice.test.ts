import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/rest';
import { muteNotice } from './muteNotice';

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
