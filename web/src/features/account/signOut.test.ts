import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/rest';
import { signOut } from './signOut';

const tokens = { idToken: 'id', accessToken: 'access', refreshToken: 'refresh', expiresAt: 0 };

function fakes(logout: () => Promise<unknown>) {
  const order: string[] = [];
  const auth = {
    getTokens: vi.fn(() => tokens),
    logout: vi.fn(() => {
      order.push('local');
    }),
  };
  const rest = {
    logout: vi.fn(async (...args: unknown[]) => {
      order.push(`server:${JSON.stringify(args)}`);
      return logout();
    }),
  };
  return { auth, rest, order };
}

describe('signOut', () => {
  it('revokes on the server first, then drops the tokens', async () => {
    const { auth, rest, order } = fakes(async () => ({ loggedOut: true, everywhere: false }));
    await signOut(auth, rest);
    expect(order).toEqual(['server:["refresh",false]', 'local']);
  });

  it('signs out everywhere when asked', async () => {
    const { auth, rest } = fakes(async () => ({ loggedOut: true, everywhere: true }));
    await signOut(auth, rest, true);
    expect(rest.logout).toHaveBeenCalledWith('refresh', true);
  });

  it('still signs out locally when the server fails or is unreachable', async () => {
    for (const failure of [new ApiError(500, 'internal_error', 'x'), new ApiError(0, 'network_error', 'y')]) {
      const { auth, rest } = fakes(async () => {
        throw failure;
      });
      await signOut(auth, rest);
      expect(auth.logout).toHaveBeenCalledTimes(1);
    }
  });

  it('does not call the server without tokens', async () => {
    const { auth, rest } = fakes(async () => ({}));
    auth.getTokens.mockReturnValue(null as never);
    await signOut(auth, rest);
    expect(rest.logout).not.toHaveBeenCalled();
    expect(auth.logout).toHaveBeenCalledTimes(1);
  });
});
