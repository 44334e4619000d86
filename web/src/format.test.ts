import { describe, expect, it } from 'vitest';
import { parseApiErrorBody } from './api/rest';
import { errorText, rateLimitText, serverErrorText } from './format';

describe('rate-limited answers', () => {
  it('say how long to wait, from the REST body', () => {
    const body = JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests; retry in 9 s', retryAfter: 9 } });
    const err = parseApiErrorBody(429, body, '9');
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 9 });
    expect(errorText(err)).toBe('Too many requests. Please try again in 9 s.');
  });

  it('fall back to the Retry-After header', () => {
    expect(parseApiErrorBody(429, '', '600').retryAfter).toBe(600);
    expect(errorText(parseApiErrorBody(429, '', '600'))).toBe('Too many requests. Please try again in 10 min.');
  });

  it('say the same for a WebSocket error event', () => {
    expect(serverErrorText({ code: 'rate_limited', message: 'x', retryAfter: 2 })).toBe(
      'Too many requests. Please try again in 2 s.',
    );
    expect(serverErrorText({ code: 'not_a_member', message: 'Join first' })).toBe('Join first');
  });

  it('still read without a retry time', () => {
    expect(rateLimitText()).toBe('Too many requests. Please slow down and try again.');
    expect(errorText(parseApiErrorBody(403, '{"error":{"code":"forbidden","message":"No"}}'))).toBe('No');
  });
});
