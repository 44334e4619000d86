import { describe, expect, it, vi } from 'vitest';
import { ApiError, RestClient, parseApiErrorBody } from './rest';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('parseApiErrorBody', () => {
  it('reads {"error":{"code","message"}}', () => {
    const e = parseApiErrorBody(403, JSON.stringify({ error: { code: 'not_a_member', message: 'Join first' } }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(403);
    expect(e.code).toBe('not_a_member');
    expect(e.message).toBe('Join first');
  });

  it('falls back to status-based code/message for empty or non-JSON bodies', () => {
    expect(parseApiErrorBody(404, '')).toMatchObject({ code: 'not_found', status: 404 });
    expect(parseApiErrorBody(500, '<html>oops</html>')).toMatchObject({ code: 'server_error' });
    expect(parseApiErrorBody(502, 'Bad gateway').message).toBe('Bad gateway');
  });

  it('reads API Gateway style {"message"}', () => {
    const e = parseApiErrorBody(401, '{"message":"Unauthorized"}');
    expect(e.code).toBe('unauthorized');
    expect(e.message).toBe('Unauthorized');
  });

  it('keeps defaults for partial error objects', () => {
    const e = parseApiErrorBody(400, '{"error":{"message":"Name is required"}}');
    expect(e.code).toBe('bad_request');
    expect(e.message).toBe('Name is required');
  });
});

describe('RestClient', () => {
  it('sends the bearer id token and parses JSON', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { rooms: [{ roomId: 'r1' }] }));
    const c = new RestClient('http://x/api/', async () => 'ID.TOKEN', { fetch: fetchMock as typeof fetch });
    const rooms = await c.listRooms();
    expect(rooms).toEqual([{ roomId: 'r1' }]);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://x/api/rooms');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer ID.TOKEN');
  });

  it('builds message paging URLs', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { messages: [], nextCursor: null }));
    const c = new RestClient('http://x/api', async () => 't', { fetch: fetchMock as typeof fetch });
    await c.messages('room/1', { limit: 50, cursor: 'abc=' });
    const [url] = fetchMock.mock.calls[0] as unknown as [string];
    expect(url).toBe('http://x/api/rooms/room%2F1/messages?limit=50&cursor=abc%3D');
  });

  it('builds search URLs (trimmed query, optional room) and moderation calls', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { results: [], nextCursor: null }));
    const c = new RestClient('http://x/api', async () => 't', { fetch: fetchMock as typeof fetch });
    await c.search(' café au lait ', { roomId: 'r1', limit: 10, cursor: 'n' });
    await c.mute('r1', 'u/2', '2030-01-01T00:00:00.000Z');
    await c.unmute('r1', 'u/2');
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0]![0]).toBe('http://x/api/search?q=caf%C3%A9+au+lait&limit=10&roomId=r1&cursor=n');
    expect(calls[1]![0]).toBe('http://x/api/rooms/r1/mutes');
    expect(JSON.parse(calls[1]![1].body as string)).toEqual({ userId: 'u/2', until: '2030-01-01T00:00:00.000Z' });
    expect([calls[2]![1].method, calls[2]![0]]).toEqual(['DELETE', 'http://x/api/rooms/r1/mutes/u%2F2']);
  });

  it('pages and searches the public directory, and answers invitations and blocks', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { rooms: [], nextCursor: null }));
    const c = new RestClient('http://x/api', async () => 't', { fetch: fetchMock as typeof fetch });
    expect(await c.listPublicRooms({ q: ' Dev ', limit: 20, cursor: 'n=' })).toEqual({ rooms: [], nextCursor: null });
    await c.listPublicRooms();
    await c.acceptInvitation('r/1');
    await c.declineInvitation('r1');
    await c.block('u/2');
    await c.unblock('u2');
    const calls = (fetchMock.mock.calls as unknown as [string, RequestInit][]).map(([url, init]) => `${init.method} ${url}`);
    expect(calls).toEqual([
      'GET http://x/api/rooms?scope=public&limit=20&q=Dev&cursor=n%3D',
      'GET http://x/api/rooms?scope=public&limit=50',
      'POST http://x/api/rooms/r%2F1/invitation/accept',
      'POST http://x/api/rooms/r1/invitation/decline',
      'PUT http://x/api/me/blocks/u%2F2',
      'DELETE http://x/api/me/blocks/u2',
    ]);
  });

  it('posts JSON bodies', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(201, { roomId: 'r9' }));
    const c = new RestClient('http://x/api', async () => 't', { fetch: fetchMock as typeof fetch });
    await c.createRoom({ kind: 'dm', memberIds: ['u2'] });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ kind: 'dm', memberIds: ['u2'] });
  });

  it('throws ApiError with the server code and message', async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse(409, { error: { code: 'room_exists', message: 'A room with that name exists' } }),
    );
    const c = new RestClient('http://x/api', async () => 't', { fetch: fetchMock as typeof fetch });
    await expect(c.createRoom({ name: 'a', kind: 'public' })).rejects.toMatchObject({
      name: 'ApiError',
      status: 409,
      code: 'room_exists',
      message: 'A room with that name exists',
    });
  });

  it('calls onUnauthorized on 401', async () => {
    const onUnauthorized = vi.fn();
    const fetchMock = vi.fn(async () => jsonResponse(401, { error: { code: 'invalid_token', message: 'Token expired' } }));
    const c = new RestClient('http://x/api', async () => 't', { fetch: fetchMock as typeof fetch, onUnauthorized });
    await expect(c.me()).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(onUnauthorized.mock.calls[0]?.[0]).toMatchObject({ code: 'invalid_token' });
  });

  it('maps network failures to network_error', async () => {
    const fetchMock = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const c = new RestClient('http://x/api', async () => 't', { fetch: fetchMock as typeof fetch });
    await expect(c.me()).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
