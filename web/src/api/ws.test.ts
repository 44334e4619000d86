import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ChatSocket,
  IDLE_PING_MS,
  backoffDelay,
  buildSocketUrl,
  type ChatSocketEvents,
  type ConnectionState,
  type WebSocketLike,
} from './ws';
import type { Message } from './types';
import { msg } from '../testing/messages';

class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;

  constructor(public url: string) {
    FakeWebSocket.instances.push(this);
  }
  send(data: string) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  // test helpers
  serverOpen() {
    this.readyState = 1;
    this.onopen?.({});
  }
  serverClose() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
  serverRefuse() {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006 });
  }
  serverSend(obj: unknown) {
    this.onmessage?.({ data: JSON.stringify(obj) });
  }
  frames(): Record<string, unknown>[] {
    return this.sent.map((s) => JSON.parse(s) as Record<string, unknown>);
  }
}

const last = () => FakeWebSocket.instances[FakeWebSocket.instances.length - 1]!;

const message = (seq: number, clientMsgId: string) => msg(seq, { clientMsgId });

function makeSocket(overrides: Partial<ConstructorParameters<typeof ChatSocket>[0]> = {}) {
  let issued = 0;
  const getTicket = vi.fn(async () => `tick et-${++issued}`);
  const socket = new ChatSocket({
    url: 'ws://127.0.0.1:8001/',
    getTicket,
    createSocket: (url) => new FakeWebSocket(url),
    baseDelayMs: 1000,
    maxDelayMs: 8000,
    random: () => 1, // upper bound of the jitter window: delay = exp
    idlePingMs: 0,
    ...overrides,
  });
  const states: ConnectionState[] = [];
  socket.on('state', (s) => states.push(s));
  return { socket, getTicket, states };
}

beforeEach(() => {
  FakeWebSocket.instances = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('backoffDelay', () => {
  it('grows exponentially, caps, and jitters between half and full', () => {
    expect(backoffDelay(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(1, 500, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(2000);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(4, 500, 30_000);
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });
});

describe('ChatSocket', () => {
  it('connects with a one-time ticket in the query string, never a token', async () => {
    const { socket, states } = makeSocket();
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(last().url).toBe(buildSocketUrl('ws://127.0.0.1:8001', 'tick et-1'));
    expect(last().url).toBe('ws://127.0.0.1:8001/?ticket=tick%20et-1');
    expect(socket.state).toBe('connecting');
    last().serverOpen();
    expect(socket.state).toBe('online');
    expect(states).toEqual(['connecting', 'online']);
    socket.stop();
  });

  it('reconnects with exponential backoff and resets after a successful open', async () => {
    const { socket, getTicket } = makeSocket();
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeWebSocket.instances).toHaveLength(1);

    last().serverRefuse(); // attempt 0 -> wait 1000
    expect(socket.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(2);

    last().serverRefuse(); // attempt 1 -> 2000
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeWebSocket.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(3);

    last().serverRefuse(); // attempt 2 -> 4000
    await vi.advanceTimersByTimeAsync(4000);
    expect(FakeWebSocket.instances).toHaveLength(4);
    last().serverRefuse(); // attempt 3 -> 8000 (cap)
    await vi.advanceTimersByTimeAsync(7999);
    expect(FakeWebSocket.instances).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(5);
    last().serverRefuse(); // attempt 4 -> still capped at 8000
    await vi.advanceTimersByTimeAsync(8000);
    expect(FakeWebSocket.instances).toHaveLength(6);

    last().serverOpen();
    expect(socket.state).toBe('online');
    last().serverClose(); // backoff reset -> 1000 again
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeWebSocket.instances).toHaveLength(7);
    // a fresh ticket is requested for each attempt: a ticket opens one socket only
    expect(getTicket).toHaveBeenCalledTimes(7);
    expect(new Set(FakeWebSocket.instances.map((ws) => ws.url)).size).toBe(7);
    socket.stop();
  });

  it('applies jitter from the random source', async () => {
    const { socket } = makeSocket({ random: () => 0 });
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverRefuse(); // attempt 0, jitter 0 -> 500
    await vi.advanceTimersByTimeAsync(499);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    socket.stop();
  });

  it('does not reconnect after stop()', async () => {
    const { socket } = makeSocket();
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    const ws = last();
    socket.stop();
    expect(ws.closed).toBe(true);
    expect(socket.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('queues while offline and sends on open', async () => {
    const { socket } = makeSocket();
    socket.start();
    const id = socket.sendMessage({ roomId: 'r1', content: 'early', clientMsgId: 'c-early' });
    expect(id).toBe('c-early');
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    expect(last().frames()).toEqual([
      { action: 'sendMessage', roomId: 'r1', content: 'early', type: 'text', clientMsgId: 'c-early' },
    ]);
    socket.stop();
  });

  it('tells on open when the previous socket dropped (the first connect: now)', async () => {
    vi.setSystemTime(100_000);
    const { socket } = makeSocket();
    const opens: ChatSocketEvents['open'][] = [];
    socket.on('open', (o) => opens.push(o));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    await vi.advanceTimersByTimeAsync(5_000);
    last().serverClose(); // dropped at 105 s
    await vi.advanceTimersByTimeAsync(1_000);
    last().serverOpen();
    expect(opens).toEqual([
      { reconnect: false, droppedAt: 100_000 },
      { reconnect: true, droppedAt: 105_000 },
    ]);
    socket.stop();
  });

  it('resends unacked messages with the same clientMsgId after reconnect', async () => {
    const { socket } = makeSocket();
    const opens: boolean[] = [];
    socket.on('open', (o) => opens.push(o.reconnect));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();

    const a = socket.sendMessage({ roomId: 'r1', content: 'one' });
    const b = socket.sendMessage({ roomId: 'r1', content: 'two', replyTo: 'm1' });
    const c = socket.sendMessage({ roomId: 'r1', content: 'three' });
    expect(new Set([a, b, c]).size).toBe(3);
    expect(last().frames().map((f) => f.clientMsgId)).toEqual([a, b, c]);
    expect(last().frames()[1]).toMatchObject({ replyTo: 'm1' });

    // a is acked; c is confirmed by the broadcast echo
    last().serverSend({ event: 'messageAck', clientMsgId: a, message: message(1, a), duplicate: false });
    last().serverSend({ event: 'message', message: message(3, c) });
    expect(socket.pendingIds).toEqual([b]);

    last().serverClose();
    await vi.advanceTimersByTimeAsync(1000);
    last().serverOpen();
    const resent = last().frames();
    expect(resent).toEqual([
      { action: 'sendMessage', roomId: 'r1', content: 'two', type: 'text', clientMsgId: b, replyTo: 'm1' },
    ]);
    expect(opens).toEqual([false, true]);

    // duplicate ack from the server (it had stored it) clears the outbox
    const acks: boolean[] = [];
    socket.on('ack', (e) => acks.push(e.duplicate));
    last().serverSend({ event: 'messageAck', clientMsgId: b, message: message(2, b), duplicate: true });
    expect(acks).toEqual([true]);
    expect(socket.pendingIds).toEqual([]);

    // nothing resent on the next reconnect
    last().serverClose();
    await vi.advanceTimersByTimeAsync(1000);
    last().serverOpen();
    expect(last().sent).toEqual([]);
    socket.stop();
  });

  it('drops a message from the outbox when the server rejects it', async () => {
    const { socket } = makeSocket();
    const errors: unknown[] = [];
    socket.on('error', (e) => errors.push(e));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    const id = socket.sendMessage({ roomId: 'r1', content: 'x' });
    last().serverSend({ event: 'error', error: { code: 'not_a_member', message: 'Join first' }, clientMsgId: id });
    expect(errors).toEqual([{ code: 'not_a_member', message: 'Join first', clientMsgId: id }]);
    expect(socket.pendingIds).toEqual([]);
    socket.stop();
  });

  it('emits live messages and ignores garbage frames', async () => {
    const { socket } = makeSocket();
    const got: Message[] = [];
    socket.on('message', (m) => got.push(m));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    last().onmessage?.({ data: 'not json' });
    last().serverSend({ event: 'pong' });
    last().serverSend({ event: 'message', message: message(9, 'other') });
    expect(got.map((m) => m.seq)).toEqual([9]);
    socket.stop();
  });

  it('emits roomInvited with the invitation and ignores malformed ones', async () => {
    const { socket } = makeSocket();
    const got: string[] = [];
    socket.on('roomInvited', (i) => got.push(`${i.roomId} from ${i.invitedByName}`));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    last().serverSend({ event: 'roomInvited' });
    last().serverSend({
      event: 'roomInvited',
      invitation: {
        roomId: 'r-2',
        roomName: 'team',
        roomKind: 'private',
        invitedBy: 'u1',
        invitedByName: 'alice',
        invitedAt: '2026-11-25T00:00:00.000Z',
        expiresAt: '2026-12-25T00:00:00.000Z',
      },
    });
    expect(got).toEqual(['r-2 from alice']);
    socket.stop();
  });

  it('emits roomAdded with the room and ignores malformed ones', async () => {
    const { socket } = makeSocket();
    const rooms: string[] = [];
    socket.on('roomAdded', (r) => rooms.push(r.roomId));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    last().serverSend({ event: 'roomAdded' });
    last().serverSend({
      event: 'roomAdded',
      room: { roomId: 'r-1', name: 'alice & bob', kind: 'dm', description: null, createdBy: 'u1', createdAt: '2026-11-25T00:00:00Z', lastSeq: 0 },
    });
    expect(rooms).toEqual(['r-1']);
    socket.stop();
  });

  it('emits the issue 8 events', async () => {
    const { socket } = makeSocket();
    const got: string[] = [];
    socket.on('messageUpdated', (u) => got.push(`updated ${u.message.changeSeq} ${u.reaction?.emoji ?? '-'}`));
    socket.on('resumed', (r) => got.push(`resumed ${r.roomId} ${r.changes.map((m) => m.changeSeq)} ${r.hasMore}`));
    socket.on('resumeGap', (g) => got.push(`gap ${g.roomId} ${g.lastSeq}`));
    socket.on('receipts', (r) => got.push(`receipts ${r.members.map((m) => m.readSeq)}`));
    socket.on('message', (m) => got.push(`message ${m.changeSeq} ${m.reactions.length} ${m.deleted}`));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    last().serverSend({ event: 'message', message: msg(7) });
    last().serverSend({ event: 'messageUpdated', message: message(3, 'c'), reaction: { emoji: '👍', userId: 'u', added: true } });
    last().serverSend({ event: 'resumed', roomId: 'r1', changes: [message(4, 'd')], upToSeq: 4, hasMore: true });
    last().serverSend({ event: 'resumeGap', roomId: 'r2', lastSeq: 9000 });
    last().serverSend({ event: 'receipts', roomId: 'r1', members: [{ userId: 'u', deliveredSeq: 4, readSeq: null }] });
    expect(got).toEqual(['message 7 0 false', 'updated 3 👍', 'resumed r1 4 true', 'gap r2 9000', 'receipts ']);
    socket.stop();
  });

  it('emits the issue 9 events and drops malformed ones', async () => {
    const { socket } = makeSocket();
    const got: string[] = [];
    socket.on('typing', (t) => got.push(`typing ${t.roomId} ${t.username} ${t.state} ${t.expiresInMs}`));
    socket.on('presence', (users) => got.push(`presence ${users.map((u) => `${u.userId}=${u.online}`)}`));
    socket.on('mention', (m) => got.push(`mention ${m.roomId} ${m.message.seq}`));
    socket.on('roomRemoved', (r) => got.push(`removed ${r.roomId} ${r.reason}`));
    socket.on('pinsChanged', (p) => got.push(`pins ${p.roomId}`));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    last().serverSend({ event: 'typingAck', roomId: 'r1', fannedOut: true });
    last().serverSend({ event: 'typing', roomId: 'r1', userId: 'u2', username: 'bob', state: 'start', expiresInMs: 6000 });
    last().serverSend({ event: 'typing', roomId: 'r1', userId: 'u2', username: 'bob', state: 'dance', expiresInMs: 6000 });
    last().serverSend({ event: 'presence', users: [{ userId: 'u2', online: false }] });
    last().serverSend({ event: 'mention', roomId: 'r1', message: msg(5) });
    last().serverSend({ event: 'mention', roomId: 'r1' });
    last().serverSend({ event: 'roomRemoved', roomId: 'r1', reason: 'banned' });
    last().serverSend({ event: 'pinsChanged', roomId: 'r1' });
    expect(got).toEqual(['typing r1 bob start 6000', 'presence u2=false', 'mention r1 5', 'removed r1 banned', 'pins r1']);
    socket.stop();
  });

  it('retries when getTicket fails and reports authError', async () => {
    const getTicket = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue('t');
    const { socket } = makeSocket({ getTicket });
    const authErrors: unknown[] = [];
    socket.on('authError', (e) => authErrors.push(e));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(authErrors).toHaveLength(1);
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(socket.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    socket.stop();
  });

  it('reconnects with a new ticket after the server closes it (token_expired, sign-out elsewhere)', async () => {
    const { socket, getTicket } = makeSocket();
    const errors: string[] = [];
    socket.on('error', (e) => errors.push(e.code));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    const pending = socket.sendMessage({ roomId: 'r1', content: 'hi', clientMsgId: 'c1' });
    last().serverSend({ event: 'error', error: { code: 'token_expired', message: 'expired' } });
    last().serverClose(); // the server closes it right after the error
    expect(errors).toEqual(['token_expired']);
    expect(socket.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(1000);
    expect(getTicket).toHaveBeenCalledTimes(2);
    expect(last().url).toBe('ws://127.0.0.1:8001/?ticket=tick%20et-2');
    last().serverOpen();
    expect(last().frames().map((f) => f.clientMsgId)).toEqual([pending]); // the outbox survives
    socket.stop();
  });

  it('keeps reporting authError while no ticket is granted (the app signs out on the 401)', async () => {
    const refused = Object.assign(new Error('Missing or invalid credentials'), { status: 401 });
    const getTicket = vi.fn().mockRejectedValue(refused);
    const { socket } = makeSocket({ getTicket });
    const authErrors: unknown[] = [];
    socket.on('authError', (e) => authErrors.push(e));
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(authErrors).toEqual([refused]);
    expect(FakeWebSocket.instances).toHaveLength(0);
    socket.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(getTicket).toHaveBeenCalledTimes(1); // stopped: no more attempts
  });

  it('pings only after the socket has been idle both ways', async () => {
    const { socket } = makeSocket({ idlePingMs: 1000, pongTimeoutMs: 500 });
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    const ws = last();
    ws.serverOpen();
    await vi.advanceTimersByTimeAsync(900);
    ws.serverSend({ event: 'message', message: message(1, 'other') }); // received: idle again from here
    await vi.advanceTimersByTimeAsync(900);
    socket.sendMessage({ roomId: 'r1', content: 'hi', clientMsgId: 'c1' }); // sent: idle again from here
    await vi.advanceTimersByTimeAsync(999);
    expect(ws.frames().map((f) => f.action)).toEqual(['sendMessage']);
    await vi.advanceTimersByTimeAsync(1);
    expect(ws.frames().map((f) => f.action)).toEqual(['sendMessage', 'ping']);
    ws.serverSend({ event: 'pong' });
    await vi.advanceTimersByTimeAsync(999);
    expect(ws.frames()).toHaveLength(2);
    expect(ws.closed).toBe(false);
    socket.stop();
  });

  it('reconnects when no pong arrives', async () => {
    const { socket } = makeSocket({ idlePingMs: 1000, pongTimeoutMs: 500 });
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = last();
    first.serverOpen();
    await vi.advanceTimersByTimeAsync(1000);
    expect(first.frames()).toEqual([{ action: 'ping' }]);
    first.serverSend({ event: 'pong' });
    await vi.advanceTimersByTimeAsync(1000); // second ping, no pong this time
    expect(first.frames()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(first.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(first.closed).toBe(true);
    expect(socket.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeWebSocket.instances).toHaveLength(2);
    socket.stop();
  });

  it('by default pings after 5 idle minutes, well inside API Gateway\'s 10-minute idle timeout', async () => {
    expect(IDLE_PING_MS).toBe(5 * 60_000);
    const socket = new ChatSocket({
      url: 'ws://127.0.0.1:8001',
      getTicket: async () => 't',
      createSocket: (url) => new FakeWebSocket(url),
    });
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverOpen();
    await vi.advanceTimersByTimeAsync(IDLE_PING_MS - 1);
    expect(last().frames()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(last().frames()).toEqual([{ action: 'ping' }]);
    socket.stop();
  });

  it('reconnectNow skips the backoff wait', async () => {
    const { socket } = makeSocket({ baseDelayMs: 60_000, maxDelayMs: 60_000 });
    socket.start();
    await vi.advanceTimersByTimeAsync(0);
    last().serverRefuse();
    socket.reconnectNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeWebSocket.instances).toHaveLength(2);
    socket.stop();
  });
});
