/**
 * ChatSocket: one WebSocket with auto-reconnect (exponential backoff + jitter),
 * keep-alive pings on idle sockets only and an outbox of unacknowledged sendMessage
 * frames that are re-sent with the SAME clientMsgId after every (re)connect (the
 * server dedupes).
 */
import type {
  DeliveredMark,
  Invitation,
  Message,
  PresenceUser,
  ReactionChange,
  Receipt,
  Room,
  RoomRemovedReason,
  TypingState,
} from './types';
import { uuid } from './uuid';

export type ConnectionState = 'connecting' | 'online' | 'offline';

/** The subset of the browser WebSocket API we use (lets tests inject a fake). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

const OPEN = 1;

/**
 * API Gateway closes a WebSocket after 10 idle minutes. Pinging after 5 quiet minutes
 * keeps it open with half the timeout to spare: a background tab's timers may fire up
 * to a minute late (Chrome's intensive throttling), and a lost pong is noticed and the
 * socket replaced long before the cut. A busy socket never pings: each ping is billed.
 */
export const IDLE_PING_MS = 5 * 60_000;

export interface SendMessageFrame {
  action: 'sendMessage';
  roomId: string;
  content: string;
  type: 'text';
  clientMsgId: string;
  replyTo?: string;
  /** a thread reply that also shows in the room's timeline */
  alsoToRoom?: boolean;
}

export interface ResumeRoom {
  roomId: string;
  afterSeq: number;
}

/** Frames that are not messages: sent when online, never queued (their effects are idempotent or re-derived). */
export type ActionFrame =
  | { action: 'resume'; rooms: ResumeRoom[]; limit?: number }
  | { action: 'react'; roomId: string; messageId: string; emoji: string; add: boolean }
  | { action: 'ackDelivered'; rooms: { roomId: string; seq: number }[] }
  | { action: 'markRead'; roomId: string; seq: number }
  | { action: 'typing'; roomId: string; state: TypingState };

export interface AckEvent {
  clientMsgId: string;
  message: Message;
  duplicate: boolean;
}

export interface ServerErrorEvent {
  code: string;
  message: string;
  clientMsgId?: string;
  /** `rate_limited`: seconds until a retry may pass */
  retryAfter?: number;
}

export interface ChatSocketEvents {
  state: ConnectionState;
  message: Message;
  ack: AckEvent;
  error: ServerErrorEvent;
  /** this user was added to a room (joined, invited, or a DM was opened with them) */
  roomAdded: Room;
  /** an edit, delete, reaction or thread-counter change; `reaction` on room-wide reaction fan-outs */
  messageUpdated: { message: Message; reaction?: ReactionChange };
  /** one page of a room's changes after the seq we asked to resume from */
  resumed: { roomId: string; changes: Message[]; upToSeq: number; hasMore: boolean };
  /** the room moved on further than the server replays: drop it and reload */
  resumeGap: { roomId: string; lastSeq: number };
  delivered: DeliveredMark[];
  receipts: { roomId: string; members: Receipt[] };
  /** someone else in a room started or stopped typing; a `start` lapses after `expiresInMs` */
  typing: { roomId: string; userId: string; username: string; state: TypingState; expiresInMs: number };
  /** users came online or went offline (first connection / last disconnect) */
  presence: PresenceUser[];
  /** a message that newly mentions me (also for rooms I am not looking at) */
  mention: { roomId: string; message: Message };
  /** someone invited me to a room: accept or decline it over REST */
  roomInvited: Invitation;
  /** a moderator took me out of a room */
  roomRemoved: { roomId: string; reason: RoomRemovedReason };
  /** a room's pins changed: fetch them again if shown */
  pinsChanged: { roomId: string };
  /**
   * fired after the socket opened and the outbox was flushed. `droppedAt` (epoch ms):
   * when the previous socket stopped being online, or now on the first connect; what
   * arrived before it is where `resume` starts from.
   */
  open: { reconnect: boolean; droppedAt: number };
  /** getTicket() failed; the socket keeps retrying unless stop() is called */
  authError: unknown;
}

type Handler<T> = (payload: T) => void;

export interface ChatSocketOptions {
  /** base ws url from /api/config, e.g. ws://127.0.0.1:8001 */
  url: string;
  /**
   * A fresh one-time ticket (`POST /realtime/ticket`), fetched before every (re)connect:
   * `$connect` accepts nothing else, so no token ever travels in a URL.
   */
  getTicket: () => Promise<string>;
  createSocket?: WebSocketFactory;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  /** ping after this long without a frame in either direction; 0 disables keep-alive pings */
  idlePingMs?: number;
  /** close + reconnect if nothing arrives this long after a ping */
  pongTimeoutMs?: number;
}

export function buildSocketUrl(base: string, ticket: string): string {
  return `${base.replace(/\/+$/, '')}/?ticket=${encodeURIComponent(ticket)}`;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential growth capped at
 * maxDelay, with "equal jitter" (between half and all of the exponential value).
 */
export function backoffDelay(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export class ChatSocket {
  private ws: WebSocketLike | null = null;
  private _state: ConnectionState = 'offline';
  private stopped = true;
  private attempt = 0;
  private everOpened = false;
  /** epoch ms when the state last left `online` (null: never online yet) */
  private droppedAt: number | null = null;
  private connectSeq = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly outbox = new Map<string, SendMessageFrame>();
  private readonly handlers: { [K in keyof ChatSocketEvents]?: Set<Handler<ChatSocketEvents[K]>> } = {};
  private readonly opts: Required<Omit<ChatSocketOptions, 'createSocket'>> & {
    createSocket: WebSocketFactory;
  };

  constructor(opts: ChatSocketOptions) {
    this.opts = {
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      random: Math.random,
      idlePingMs: IDLE_PING_MS,
      pongTimeoutMs: 10_000,
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      ...opts,
    } as ChatSocket['opts'];
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** clientMsgIds sent but not yet acknowledged (in send order) */
  get pendingIds(): string[] {
    return [...this.outbox.keys()];
  }

  on<K extends keyof ChatSocketEvents>(event: K, handler: Handler<ChatSocketEvents[K]>): () => void {
    let set = this.handlers[event] as Set<Handler<ChatSocketEvents[K]>> | undefined;
    if (!set) {
      set = new Set();
      (this.handlers as Record<string, unknown>)[event] = set;
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    void this.open();
  }

  /** Close for good (logout / unmount). Pending outbox entries are kept. */
  stop(): void {
    this.stopped = true;
    this.connectSeq++;
    this.clearReconnect();
    this.stopKeepAlive();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      detach(ws);
      try {
        ws.close(1000, 'client stop');
      } catch {
        /* ignore */
      }
    }
    this.setState('offline');
  }

  /** Skip the backoff wait and try now (e.g. the browser went back online). */
  reconnectNow(): void {
    if (this.stopped || this.ws) return;
    this.clearReconnect();
    this.attempt = 0;
    void this.open();
  }

  /**
   * Queue a message and send it if connected. It stays in the outbox until a
   * messageAck (or an error event for its clientMsgId) arrives, and is re-sent
   * with the same clientMsgId after a reconnect.
   */
  sendMessage(input: {
    roomId: string;
    content: string;
    replyTo?: string | null;
    alsoToRoom?: boolean;
    clientMsgId?: string;
  }): string {
    const frame: SendMessageFrame = {
      action: 'sendMessage',
      roomId: input.roomId,
      content: input.content,
      type: 'text',
      clientMsgId: input.clientMsgId ?? uuid(),
    };
    if (input.replyTo) frame.replyTo = input.replyTo;
    if (input.alsoToRoom) frame.alsoToRoom = true;
    this.outbox.set(frame.clientMsgId, frame);
    this.trySend(frame);
    return frame.clientMsgId;
  }

  /** Send a non-message action now; false when offline (the caller retries on `open` if it must). */
  send(frame: ActionFrame): boolean {
    return this.trySend(frame);
  }

  /** Forget a pending message (user discarded it). */
  cancel(clientMsgId: string): void {
    this.outbox.delete(clientMsgId);
  }

  private trySend(frame: object): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== OPEN || this._state !== 'online') return false;
    try {
      ws.send(JSON.stringify(frame));
    } catch {
      return false;
    }
    this.armIdlePing();
    return true;
  }

  private async open(): Promise<void> {
    const seq = ++this.connectSeq;
    this.setState('connecting');
    let ticket: string;
    try {
      ticket = await this.opts.getTicket();
    } catch (err) {
      if (seq !== this.connectSeq || this.stopped) return;
      this.emit('authError', err);
      if (!this.stopped) {
        this.setState('offline');
        this.scheduleReconnect();
      }
      return;
    }
    if (seq !== this.connectSeq || this.stopped) return;
    let ws: WebSocketLike;
    try {
      ws = this.opts.createSocket(buildSocketUrl(this.opts.url, ticket));
    } catch {
      this.setState('offline');
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      const reconnect = this.everOpened;
      const droppedAt = this.droppedAt ?? Date.now();
      this.everOpened = true;
      this.attempt = 0;
      this.setState('online');
      this.armIdlePing();
      for (const frame of this.outbox.values()) this.trySend(frame);
      this.emit('open', { reconnect, droppedAt });
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      this.gotTraffic();
      this.handleFrame(ev.data);
    };
    ws.onerror = () => {
      /* a close event follows */
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.handleClose();
    };
  }

  private handleClose(): void {
    const ws = this.ws;
    this.ws = null;
    if (ws) detach(ws);
    this.stopKeepAlive();
    this.setState('offline');
    if (!this.stopped) this.scheduleReconnect();
  }

  private handleFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    let ev: Record<string, unknown>;
    try {
      ev = JSON.parse(data) as Record<string, unknown>;
    } catch {
      return;
    }
    if (!ev || typeof ev !== 'object') return;
    switch (ev.event) {
      case 'messageAck': {
        const clientMsgId = String(ev.clientMsgId ?? '');
        const message = ev.message as Message | undefined;
        this.outbox.delete(clientMsgId);
        if (message) this.emit('ack', { clientMsgId, message, duplicate: Boolean(ev.duplicate) });
        break;
      }
      case 'message': {
        const message = ev.message as Message | undefined;
        if (message) {
          // an echo of our own message also confirms it
          if (message.clientMsgId) this.outbox.delete(message.clientMsgId);
          this.emit('message', message);
        }
        break;
      }
      case 'error': {
        const e = (ev.error ?? {}) as Record<string, unknown>;
        const out: ServerErrorEvent = {
          code: typeof e.code === 'string' ? e.code : 'error',
          message: typeof e.message === 'string' ? e.message : 'Something went wrong.',
        };
        if (typeof e.retryAfter === 'number') out.retryAfter = e.retryAfter;
        if (typeof ev.clientMsgId === 'string') {
          out.clientMsgId = ev.clientMsgId;
          // the server rejected it: resending the same frame would fail again
          this.outbox.delete(ev.clientMsgId);
        }
        this.emit('error', out);
        break;
      }
      case 'messageUpdated': {
        const message = ev.message as Message | undefined;
        if (!message) break;
        const reaction = ev.reaction as ReactionChange | undefined;
        this.emit('messageUpdated', reaction ? { message, reaction } : { message });
        break;
      }
      case 'resumed': {
        if (typeof ev.roomId !== 'string' || !Array.isArray(ev.changes)) break;
        this.emit('resumed', {
          roomId: ev.roomId,
          changes: ev.changes as Message[],
          upToSeq: Number(ev.upToSeq) || 0,
          hasMore: Boolean(ev.hasMore),
        });
        break;
      }
      case 'resumeGap':
        if (typeof ev.roomId === 'string') this.emit('resumeGap', { roomId: ev.roomId, lastSeq: Number(ev.lastSeq) || 0 });
        break;
      case 'delivered':
        if (Array.isArray(ev.rooms)) this.emit('delivered', ev.rooms as DeliveredMark[]);
        break;
      case 'receipts':
        if (typeof ev.roomId === 'string' && Array.isArray(ev.members)) {
          this.emit('receipts', { roomId: ev.roomId, members: ev.members as Receipt[] });
        }
        break;
      case 'roomAdded': {
        const room = ev.room as Room | undefined;
        if (room && typeof room.roomId === 'string') this.emit('roomAdded', room);
        break;
      }
      case 'typing':
        if (typeof ev.roomId === 'string' && typeof ev.userId === 'string' && (ev.state === 'start' || ev.state === 'stop')) {
          this.emit('typing', {
            roomId: ev.roomId,
            userId: ev.userId,
            username: String(ev.username ?? ''),
            state: ev.state,
            expiresInMs: Number(ev.expiresInMs) || 0,
          });
        }
        break;
      case 'presence':
        if (Array.isArray(ev.users)) this.emit('presence', ev.users as PresenceUser[]);
        break;
      case 'mention': {
        const message = ev.message as Message | undefined;
        if (typeof ev.roomId === 'string' && message) this.emit('mention', { roomId: ev.roomId, message });
        break;
      }
      case 'roomInvited': {
        const invitation = ev.invitation as Invitation | undefined;
        if (invitation && typeof invitation.roomId === 'string') this.emit('roomInvited', invitation);
        break;
      }
      case 'roomRemoved':
        if (typeof ev.roomId === 'string') {
          this.emit('roomRemoved', { roomId: ev.roomId, reason: ev.reason === 'banned' ? 'banned' : 'kicked' });
        }
        break;
      case 'pinsChanged':
        if (typeof ev.roomId === 'string') this.emit('pinsChanged', { roomId: ev.roomId });
        break;
      case 'typingAck':
      case 'pong':
      default:
        break;
    }
  }

  private scheduleReconnect(): void {
    this.clearReconnect();
    const delay = backoffDelay(this.attempt, this.opts.baseDelayMs, this.opts.maxDelayMs, this.opts.random);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) void this.open();
    }, delay);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  /** (Re)start the idle countdown: called on open and on every frame sent or received. */
  private armIdlePing(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = this.opts.idlePingMs ? setTimeout(() => this.ping(), this.opts.idlePingMs) : null;
  }

  private ping(): void {
    this.idleTimer = null;
    if (!this.trySend({ action: 'ping' }) || this.pongTimer || !this.opts.pongTimeoutMs) return;
    this.pongTimer = setTimeout(() => {
      this.pongTimer = null;
      // connection is dead: drop it and reconnect
      const ws = this.ws;
      this.handleClose();
      try {
        ws?.close(4000, 'pong timeout');
      } catch {
        /* ignore */
      }
    }, this.opts.pongTimeoutMs);
  }

  private gotTraffic(): void {
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pongTimer = null;
    this.armIdlePing();
  }

  private stopKeepAlive(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.idleTimer = null;
    this.pongTimer = null;
  }

  private setState(state: ConnectionState): void {
    if (this._state === state) return;
    if (this._state === 'online') this.droppedAt = Date.now();
    this._state = state;
    this.emit('state', state);
  }

  private emit<K extends keyof ChatSocketEvents>(event: K, payload: ChatSocketEvents[K]): void {
    const set = this.handlers[event] as Set<Handler<ChatSocketEvents[K]>> | undefined;
    if (!set) return;
    for (const h of [...set]) {
      try {
        h(payload);
      } catch (err) {
        console.error(`ChatSocket ${event} handler failed`, err);
      }
    }
  }
}

function detach(ws: WebSocketLike): void {
  ws.onopen = null;
  ws.onclose = null;
  ws.onerror = null;
  ws.onmessage = null;
}
