import { describe, expect, it } from 'vitest';
import { blockedIds, withBlocked } from './blocks';

describe('blocked users', () => {
  it('are the listed ids', () => {
    const ids = blockedIds([{ userId: 'u2', username: 'bob', blockedAt: '2026-01-01T00:00:00.000Z' }]);
    expect([...ids]).toEqual(['u2']);
  });

  it('change by one user at a time, keeping the set when nothing changes', () => {
    const ids = blockedIds([]);
    const blocked = withBlocked(ids, 'u2', true);
    expect([...blocked]).toEqual(['u2']);
    expect(withBlocked(blocked, 'u2', true)).toBe(blocked);
    expect([...withBlocked(blocked, 'u2', false)]).toEqual([]);
    expect(withBlocked(ids, 'u9', false)).toBe(ids);
  });
});
