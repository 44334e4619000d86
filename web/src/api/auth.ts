/**
 * Minimal Cognito User Pool client: USER_PASSWORD_AUTH login, REFRESH_TOKEN_AUTH
 * refresh ahead of expiry, tokens kept in sessionStorage.
 */

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** epoch ms when the id/access tokens expire */
  expiresAt: number;
}

export interface AuthConfig {
  cognitoEndpoint: string;
  clientId: string;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface AuthClientOptions {
  fetch?: typeof fetch;
  storage?: StorageLike | null;
  now?: () => number;
  /** refresh this long before expiry (ms) */
  refreshMarginMs?: number;
  /** disable the background refresh timer (tests) */
  autoRefresh?: boolean;
}

/** An error returned by Cognito (`{"__type","message"}`) or a transport failure. */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    /** Cognito exception name, e.g. NotAuthorizedException; `NetworkError` for transport failures */
    public readonly type: string,
    message: string,
    public readonly status = 0,
  ) {
    super(message);
  }
}

/** Cognito asked for a challenge this client does not implement yet. */
export class ChallengeNotSupportedError extends AuthError {
  override name = 'ChallengeNotSupportedError';
  constructor(public readonly challengeName: string) {
    super(
      'ChallengeNotSupported',
      `This account requires the "${challengeName}" sign-in step, which is not supported yet.`,
    );
  }
}

const STORAGE_KEY = 'cloudchat.tokens';
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

function defaultStorage(): StorageLike | null {
  try {
    return typeof sessionStorage !== 'undefined' ? sessionStorage : null;
  } catch {
    return null;
  }
}

interface AuthResult {
  IdToken?: string;
  AccessToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
}

/** Parse a Cognito JSON error body into an AuthError. */
export function parseCognitoError(status: number, body: unknown): AuthError {
  let type = 'UnknownError';
  let message = `Sign-in failed (HTTP ${status}).`;
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.__type === 'string') {
      // may be "com.amazonaws...#NotAuthorizedException"
      type = b.__type.split('#').pop() || type;
    }
    const msg = typeof b.message === 'string' ? b.message : typeof b.Message === 'string' ? b.Message : null;
    if (msg) message = msg;
  }
  return new AuthError(type, message, status);
}

type Listener = (tokens: Tokens | null) => void;

export class AuthClient {
  private tokens: Tokens | null = null;
  private listeners = new Set<Listener>();
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshing: Promise<Tokens> | null = null;
  private readonly fetchImpl: typeof fetch;
  private readonly storage: StorageLike | null;
  private readonly now: () => number;
  private readonly margin: number;
  private readonly autoRefresh: boolean;

  constructor(
    private readonly config: AuthConfig,
    opts: AuthClientOptions = {},
  ) {
    this.fetchImpl = opts.fetch ?? ((...args) => fetch(...args));
    this.storage = opts.storage === undefined ? defaultStorage() : opts.storage;
    this.now = opts.now ?? Date.now;
    this.margin = opts.refreshMarginMs ?? 60_000;
    this.autoRefresh = opts.autoRefresh ?? true;
    this.tokens = this.load();
    if (this.tokens) this.scheduleRefresh();
  }

  getTokens(): Tokens | null {
    return this.tokens;
  }

  isLoggedIn(): boolean {
    return this.tokens !== null;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(username: string, password: string): Promise<Tokens> {
    const result = await this.initiateAuth('USER_PASSWORD_AUTH', {
      USERNAME: username,
      PASSWORD: password,
    });
    if (!result.IdToken || !result.AccessToken || !result.RefreshToken) {
      throw new AuthError('InvalidResponse', 'Sign-in response did not include tokens.');
    }
    const tokens: Tokens = {
      idToken: result.IdToken,
      accessToken: result.AccessToken,
      refreshToken: result.RefreshToken,
      expiresAt: this.now() + (result.ExpiresIn ?? 3600) * 1000,
    };
    this.setTokens(tokens);
    return tokens;
  }

  /** Refresh the id/access tokens with the stored refresh token. */
  refresh(): Promise<Tokens> {
    if (this.refreshing) return this.refreshing;
    const current = this.tokens;
    if (!current) return Promise.reject(new AuthError('NotAuthenticated', 'Not signed in.'));
    this.refreshing = (async () => {
      try {
        const result = await this.initiateAuth('REFRESH_TOKEN_AUTH', {
          REFRESH_TOKEN: current.refreshToken,
        });
        if (!result.IdToken || !result.AccessToken) {
          throw new AuthError('InvalidResponse', 'Refresh response did not include tokens.');
        }
        const tokens: Tokens = {
          idToken: result.IdToken,
          accessToken: result.AccessToken,
          // Cognito does not return a new refresh token for REFRESH_TOKEN_AUTH
          refreshToken: result.RefreshToken ?? current.refreshToken,
          expiresAt: this.now() + (result.ExpiresIn ?? 3600) * 1000,
        };
        if (this.tokens === current) this.setTokens(tokens);
        return tokens;
      } catch (err) {
        // Refresh token rejected: the session is over.
        if (err instanceof AuthError && err.type === 'NotAuthorizedException') this.logout();
        throw err;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** A valid id token, refreshing first if it is about to expire. */
  async getIdToken(): Promise<string> {
    const t = this.tokens;
    if (!t) throw new AuthError('NotAuthenticated', 'Not signed in.');
    if (t.expiresAt - this.margin <= this.now()) {
      return (await this.refresh()).idToken;
    }
    return t.idToken;
  }

  logout(): void {
    this.clearTimer();
    this.tokens = null;
    try {
      this.storage?.removeItem(STORAGE_KEY);
    } catch {
      /* ignore */
    }
    this.emit();
  }

  dispose(): void {
    this.clearTimer();
    this.listeners.clear();
  }

  private async initiateAuth(
    flow: 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH',
    params: Record<string, string>,
  ): Promise<AuthResult> {
    let res: Response;
    try {
      res = await this.fetchImpl(this.config.cognitoEndpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `${TARGET_PREFIX}InitiateAuth`,
        },
        body: JSON.stringify({
          AuthFlow: flow,
          ClientId: this.config.clientId,
          AuthParameters: params,
        }),
      });
    } catch {
      throw new AuthError('NetworkError', 'Could not reach the sign-in service. Check your connection.');
    }
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (!res.ok) throw parseCognitoError(res.status, body);
    const b = (body ?? {}) as { ChallengeName?: string; AuthenticationResult?: AuthResult };
    if (b.ChallengeName) throw new ChallengeNotSupportedError(b.ChallengeName);
    if (!b.AuthenticationResult) {
      throw new AuthError('InvalidResponse', 'Sign-in response did not include tokens.');
    }
    return b.AuthenticationResult;
  }

  private setTokens(tokens: Tokens): void {
    this.tokens = tokens;
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(tokens));
    } catch {
      /* storage full / disabled: keep in memory */
    }
    this.scheduleRefresh();
    this.emit();
  }

  private load(): Tokens | null {
    try {
      const raw = this.storage?.getItem(STORAGE_KEY);
      if (!raw) return null;
      const t = JSON.parse(raw) as Partial<Tokens>;
      if (
        typeof t.idToken === 'string' &&
        typeof t.accessToken === 'string' &&
        typeof t.refreshToken === 'string' &&
        typeof t.expiresAt === 'number'
      ) {
        return t as Tokens;
      }
    } catch {
      /* corrupt */
    }
    return null;
  }

  private scheduleRefresh(): void {
    this.clearTimer();
    if (!this.autoRefresh || !this.tokens) return;
    const delay = Math.max(0, this.tokens.expiresAt - this.margin - this.now());
    // setTimeout max is ~24.8 days
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh().catch(() => {
        // transient failure: try again in 30s while the session still exists
        if (this.tokens && !this.refreshTimer) {
          this.refreshTimer = setTimeout(() => this.scheduleRefresh(), 30_000);
        }
      });
    }, Math.min(delay, 2 ** 31 - 1));
  }

  private clearTimer(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  private emit(): void {
    for (const l of this.listeners) l(this.tokens);
  }
}
