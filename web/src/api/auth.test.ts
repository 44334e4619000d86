import { describe, expect, it, vi } from 'vitest';
import { AuthClient, AuthError, ChallengeNotSupportedError, parseCognitoError, type StorageLike } from './auth';

class MemStorage implements StorageLike {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const cfg = { cognitoEndpoint: 'http://cognito/', clientId: 'client-1' };
const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

describe('AuthClient', () => {
  it('logs in with USER_PASSWORD_AUTH and stores tokens', async () => {
    const fetchMock = vi.fn(async () =>
      ok({ AuthenticationResult: { IdToken: 'id1', AccessToken: 'ac1', RefreshToken: 'rf1', ExpiresIn: 3600 } }),
    );
    const storage = new MemStorage();
    const auth = new AuthClient(cfg, { fetch: fetchMock as typeof fetch, storage, now: () => 1000, autoRefresh: false });
    const t = await auth.login('alice', 'pw');
    expect(t).toEqual({ idToken: 'id1', accessToken: 'ac1', refreshToken: 'rf1', expiresAt: 1000 + 3600_000 });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://cognito/');
    const headers = init.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/x-amz-json-1.1');
    expect(headers['X-Amz-Target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(JSON.parse(init.body as string)).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'client-1',
      AuthParameters: { USERNAME: 'alice', PASSWORD: 'pw' },
    });
    // a new client picks the session up from storage
    const again = new AuthClient(cfg, { storage, autoRefresh: false });
    expect(again.getTokens()?.idToken).toBe('id1');
  });

  it('surfaces Cognito error messages', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(JSON.stringify({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }), {
          status: 400,
        }),
    );
    const auth = new AuthClient(cfg, { fetch: fetchMock as typeof fetch, storage: null, autoRefresh: false });
    await expect(auth.login('a', 'b')).rejects.toMatchObject({
      type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('rejects unsupported challenges clearly', async () => {
    const fetchMock = vi.fn(async () => ok({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's' }));
    const auth = new AuthClient(cfg, { fetch: fetchMock as typeof fetch, storage: null, autoRefresh: false });
    const err = await auth.login('a', 'b').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChallengeNotSupportedError);
    expect((err as Error).message).toMatch(/NEW_PASSWORD_REQUIRED.*not supported yet/);
  });

  it('refreshes an about-to-expire token with REFRESH_TOKEN_AUTH, keeping the refresh token', async () => {
    let now = 0;
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(
        ok({ AuthenticationResult: { IdToken: 'id1', AccessToken: 'ac1', RefreshToken: 'rf1', ExpiresIn: 3600 } }),
      )
      .mockResolvedValueOnce(ok({ AuthenticationResult: { IdToken: 'id2', AccessToken: 'ac2', ExpiresIn: 3600 } }));
    const auth = new AuthClient(cfg, {
      fetch: fetchMock as typeof fetch,
      storage: null,
      now: () => now,
      autoRefresh: false,
    });
    await auth.login('a', 'b');
    expect(await auth.getIdToken()).toBe('id1');
    now = 3600_000 - 30_000; // inside the 60s margin
    expect(await auth.getIdToken()).toBe('id2');
    const body = JSON.parse((fetchMock.mock.calls[1] as [string, RequestInit])[1].body as string);
    expect(body).toEqual({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: 'client-1', AuthParameters: { REFRESH_TOKEN: 'rf1' } });
    expect(auth.getTokens()?.refreshToken).toBe('rf1');
  });

  it('parses namespaced __type values', () => {
    const e = parseCognitoError(400, { __type: 'com.amazon#UserNotFoundException', message: 'User does not exist.' });
    expect(e).toBeInstanceOf(AuthError);
    expect(e.type).toBe('UserNotFoundException');
  });
});
