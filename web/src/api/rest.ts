import type {
  Block,
  CreateRoomInput,
  Invitation,
  Me,
  Member,
  MemberReceipt,
  Message,
  MessagePage,
  Mute,
  Pin,
  PresenceUser,
  Room,
  RoomPage,
  RoomUnread,
  SearchPage,
  ThreadPage,
  Ticket,
  UserSettings,
} from './types';

/** A REST error: `{"error":{"code","message"}}` or a synthesized one. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    /** `rate_limited`: seconds until a retry may pass (the body's `retryAfter` or `Retry-After`). */
    public readonly retryAfter?: number,
  ) {
    super(message);
  }
}

function defaultCode(status: number): string {
  if (status === 0) return 'network_error';
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'http_error';
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Your session has expired. Please sign in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests. Please slow down.';
  if (status >= 500) return 'The server had a problem. Please try again.';
  return `Request failed (HTTP ${status}).`;
}

/** Build an ApiError from a status and a raw response body (text). */
export function parseApiErrorBody(status: number, text: string, retryAfterHeader?: string | null): ApiError {
  let code = defaultCode(status);
  let message = defaultMessage(status);
  let retryAfter = retryAfterHeader ? Number(retryAfterHeader) : undefined;
  const trimmed = text.trim();
  if (trimmed) {
    try {
      const body = JSON.parse(trimmed) as unknown;
      if (body && typeof body === 'object') {
        const b = body as Record<string, unknown>;
        const err = b.error;
        if (err && typeof err === 'object') {
          const e = err as Record<string, unknown>;
          if (typeof e.code === 'string' && e.code) code = e.code;
          if (typeof e.message === 'string' && e.message) message = e.message;
          if (typeof e.retryAfter === 'number') retryAfter = e.retryAfter;
        } else if (typeof err === 'string' && err) {
          message = err;
        } else if (typeof b.message === 'string' && b.message) {
          // API Gateway style: {"message":"Unauthorized"}
          message = b.message;
        }
      }
    } catch {
      // not JSON: use short plain-text bodies as the message
      if (trimmed.length <= 200 && !trimmed.startsWith('<')) message = trimmed;
    }
  }
  return new ApiError(status, code, message, Number.isFinite(retryAfter) ? retryAfter : undefined);
}

export async function parseApiError(res: Response): Promise<ApiError> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    text = '';
  }
  return parseApiErrorBody(res.status, text, res.headers.get('Retry-After'));
}

export interface RestClientOptions {
  fetch?: typeof fetch;
  /** called on any 401 (before the error is thrown) */
  onUnauthorized?: (err: ApiError) => void;
}

export class RestClient {
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly getToken: () => Promise<string>,
    private readonly opts: RestClientOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetchImpl = opts.fetch ?? ((...args) => fetch(...args));
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.getToken();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection.');
    }
    if (!res.ok) {
      const err = await parseApiError(res);
      if (res.status === 401) this.opts.onUnauthorized?.(err);
      throw err;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, 'invalid_response', 'The server sent an invalid response.');
    }
  }

  me(): Promise<Me> {
    return this.request<Me>('GET', '/me');
  }

  /** A one-time WebSocket ticket; one per (re)connect. */
  ticket(): Promise<Ticket> {
    return this.request<Ticket>('POST', '/realtime/ticket');
  }

  /** Revoke the refresh token and close this user's sockets (`everywhere`: every device's). */
  logout(refreshToken: string, everywhere = false): Promise<{ loggedOut: boolean; everywhere: boolean }> {
    return this.request('POST', '/auth/logout', { refreshToken, everywhere });
  }

  async listRooms(): Promise<Room[]> {
    return (await this.request<{ rooms: Room[] }>('GET', '/rooms')).rooms ?? [];
  }

  /** A page of the public directory, newest first; `q` searches names (case-insensitive substring). */
  async listPublicRooms(opts: { q?: string; limit?: number; cursor?: string | null } = {}): Promise<RoomPage> {
    const params = new URLSearchParams({ scope: 'public', limit: String(opts.limit ?? 50) });
    const q = opts.q?.trim();
    if (q) params.set('q', q);
    if (opts.cursor) params.set('cursor', opts.cursor);
    const r = await this.request<RoomPage>('GET', `/rooms?${params.toString()}`);
    return { rooms: r.rooms ?? [], nextCursor: r.nextCursor ?? null };
  }

  /** Invite a user to a room: they join by accepting. */
  invite(roomId: string, userId: string): Promise<Invitation> {
    return this.request<Invitation>('POST', `${roomPath(roomId)}/members`, { userId });
  }

  async invitations(): Promise<Invitation[]> {
    return (await this.request<{ invitations: Invitation[] }>('GET', '/me/invitations')).invitations ?? [];
  }

  acceptInvitation(roomId: string): Promise<Room> {
    return this.request<Room>('POST', `${roomPath(roomId)}/invitation/accept`);
  }

  async declineInvitation(roomId: string): Promise<void> {
    await this.request('POST', `${roomPath(roomId)}/invitation/decline`);
  }

  async blocks(): Promise<Block[]> {
    return (await this.request<{ blocks: Block[] }>('GET', '/me/blocks')).blocks ?? [];
  }

  block(userId: string): Promise<Block> {
    return this.request<Block>('PUT', `/me/blocks/${encodeURIComponent(userId)}`);
  }

  async unblock(userId: string): Promise<void> {
    await this.request('DELETE', `/me/blocks/${encodeURIComponent(userId)}`);
  }

  createRoom(input: CreateRoomInput): Promise<Room> {
    return this.request<Room>('POST', '/rooms', input);
  }

  joinRoom(roomId: string): Promise<Room> {
    return this.request<Room>('POST', `/rooms/${encodeURIComponent(roomId)}/join`);
  }

  leaveRoom(roomId: string): Promise<{ left: boolean }> {
    return this.request('POST', `/rooms/${encodeURIComponent(roomId)}/leave`);
  }

  async members(roomId: string): Promise<Member[]> {
    const r = await this.request<{ members: Member[] }>(
      'GET',
      `/rooms/${encodeURIComponent(roomId)}/members`,
    );
    return r.members ?? [];
  }

  async messages(roomId: string, opts: { limit?: number; cursor?: string | null } = {}): Promise<MessagePage> {
    const q = new URLSearchParams({ limit: String(opts.limit ?? 50) });
    if (opts.cursor) q.set('cursor', opts.cursor);
    const r = await this.request<MessagePage>(
      'GET',
      `/rooms/${encodeURIComponent(roomId)}/messages?${q.toString()}`,
    );
    return { messages: r.messages ?? [], nextCursor: r.nextCursor ?? null };
  }

  async editMessage(roomId: string, messageId: string, content: string): Promise<Message> {
    return this.request<Message>('PATCH', messagePath(roomId, messageId), { content });
  }

  /** Resolves to the tombstone. */
  async deleteMessage(roomId: string, messageId: string): Promise<Message> {
    return this.request<Message>('DELETE', messagePath(roomId, messageId));
  }

  async thread(roomId: string, messageId: string, opts: { limit?: number; cursor?: string | null } = {}): Promise<ThreadPage> {
    const q = new URLSearchParams({ limit: String(opts.limit ?? 50) });
    if (opts.cursor) q.set('cursor', opts.cursor);
    const r = await this.request<ThreadPage>('GET', `${messagePath(roomId, messageId)}/thread?${q.toString()}`);
    return { root: r.root, replies: r.replies ?? [], nextCursor: r.nextCursor ?? null };
  }

  async receipts(roomId: string): Promise<MemberReceipt[]> {
    return (await this.request<{ members: MemberReceipt[] }>('GET', `/rooms/${encodeURIComponent(roomId)}/receipts`)).members ?? [];
  }

  async unread(): Promise<RoomUnread[]> {
    return (await this.request<{ rooms: RoomUnread[] }>('GET', '/me/unread')).rooms ?? [];
  }

  async updateSettings(settings: UserSettings): Promise<void> {
    await this.request('PUT', '/me/settings', settings);
  }

  async presence(roomId: string): Promise<PresenceUser[]> {
    return (await this.request<{ users: PresenceUser[] }>('GET', `${roomPath(roomId)}/presence`)).users ?? [];
  }

  /** Whole-word, all-terms search, newest first; `roomId` narrows it to one room. */
  async search(q: string, opts: { roomId?: string | null; limit?: number; cursor?: string | null } = {}): Promise<SearchPage> {
    const params = new URLSearchParams({ q: q.trim(), limit: String(opts.limit ?? 20) });
    if (opts.roomId) params.set('roomId', opts.roomId);
    if (opts.cursor) params.set('cursor', opts.cursor);
    const r = await this.request<SearchPage>('GET', `/search?${params.toString()}`);
    return { results: r.results ?? [], nextCursor: r.nextCursor ?? null };
  }

  mute(roomId: string, userId: string, until: string): Promise<Mute> {
    return this.request<Mute>('POST', `${roomPath(roomId)}/mutes`, { userId, until });
  }

  async unmute(roomId: string, userId: string): Promise<void> {
    await this.request('DELETE', `${roomPath(roomId)}/mutes/${encodeURIComponent(userId)}`);
  }

  async kick(roomId: string, userId: string): Promise<void> {
    await this.request('POST', `${roomPath(roomId)}/kick`, { userId });
  }

  async ban(roomId: string, userId: string): Promise<void> {
    await this.request('POST', `${roomPath(roomId)}/bans`, { userId });
  }

  async setRole(roomId: string, userId: string, role: 'moderator' | 'member'): Promise<void> {
    await this.request('PUT', `${roomPath(roomId)}/members/${encodeURIComponent(userId)}`, { role });
  }

  async pins(roomId: string): Promise<Pin[]> {
    return (await this.request<{ pins: Pin[] }>('GET', `${roomPath(roomId)}/pins`)).pins ?? [];
  }

  async pin(roomId: string, messageId: string): Promise<void> {
    await this.request('POST', `${roomPath(roomId)}/pins`, { messageId });
  }

  async unpin(roomId: string, messageId: string): Promise<void> {
    await this.request('DELETE', `${roomPath(roomId)}/pins/${encodeURIComponent(messageId)}`);
  }
}

function roomPath(roomId: string): string {
  return `/rooms/${encodeURIComponent(roomId)}`;
}

function messagePath(roomId: string, messageId: string): string {
  return `${roomPath(roomId)}/messages/${encodeURIComponent(messageId)}`;
}
