/**
 * Messages state: per room, confirmed messages (deduped by messageId, ordered by
 * seq, each kept at its latest change) plus optimistic pending messages keyed by
 * clientMsgId. Thread-only replies are held too; the timeline leaves them out.
 */
import type { Message, ReactionChange } from '../../api/types';
import { mergeReactions, toggleReaction } from '../reactions/reactions';
import { noteArrival, type ArrivalLog } from './resume';

export interface PendingMessage {
  clientMsgId: string;
  roomId: string;
  content: string;
  replyTo: string | null;
  /** a thread reply that also goes to the room's timeline */
  alsoToRoom: boolean;
  createdAt: string;
  status: 'pending' | 'failed';
  error?: string;
}

export interface RoomMessages {
  /** confirmed messages, ascending seq */
  messages: Message[];
  /** optimistic messages not yet acknowledged, in send order */
  pending: PendingMessage[];
  /** cursor for the next older page; null when there is nothing older */
  nextCursor: string | null;
  /** the first (latest) history page has been loaded */
  loaded: boolean;
  /**
   * the change seqs this tab caught up to, and when: where `resume` starts (see
   * resume.ts). Noted for the newest history page, live events and resumed pages, never
   * for older or thread pages (they may hold a later change while an earlier one is
   * still in flight).
   */
  arrivals: ArrivalLog;
}

export interface MessagesState {
  rooms: Record<string, RoomMessages>;
}

export type MessagesAction =
  | {
      type: 'history';
      roomId: string;
      /** any order (the API returns newest first) */
      messages: Message[];
      nextCursor: string | null;
      /**
       * latest: the newest page (the first load; an already-known older cursor is
       * kept). older: a page loaded via nextCursor.
       */
      page: 'latest' | 'older';
      /** epoch ms the page arrived */
      at: number;
    }
  /** a live message; `at` (here and below): epoch ms it arrived */
  | { type: 'received'; message: Message; at: number }
  /** a messageUpdated event; `mine` flags are merged (see mergeReactions) */
  | { type: 'updated'; message: Message; reaction?: ReactionChange; myUserId: string | null; at: number }
  /** my own reaction, shown before the server confirms it */
  | { type: 'reacted'; roomId: string; messageId: string; emoji: string; add: boolean }
  /** messages fetched off the timeline's pages: a thread page, an edit or delete answered over REST */
  | { type: 'fetched'; roomId: string; messages: Message[] }
  /** a page of resume changes: each message in its current state */
  | { type: 'resumed'; roomId: string; changes: Message[]; upToSeq: number; at: number }
  | { type: 'send'; pending: PendingMessage }
  | { type: 'ack'; clientMsgId: string; message: Message }
  | { type: 'sendFailed'; clientMsgId: string; error: string }
  | { type: 'retry'; clientMsgId: string }
  | { type: 'discard'; clientMsgId: string }
  | { type: 'removeRoom'; roomId: string }
  | { type: 'reset' };

export const initialMessagesState: MessagesState = { rooms: {} };

export function emptyRoom(): RoomMessages {
  return { messages: [], pending: [], nextCursor: null, loaded: false, arrivals: [] };
}

export function compareMessages(a: Message, b: Message): number {
  if (a.seq !== b.seq) return a.seq - b.seq;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0;
}

/** How to combine a known message with an incoming copy of the same or a later change. */
export type Combine = (known: Message, incoming: Message) => Message;

const takeIncoming: Combine = (_known, incoming) => incoming;

/**
 * Merge message lists: dedupe by messageId, sort by seq. A copy of an older change
 * than the one held is dropped (fan-out is at-least-once and unordered); otherwise
 * `combine` decides (by default the incoming copy wins).
 */
export function mergeMessages(existing: Message[], incoming: Message[], combine: Combine = takeIncoming): Message[] {
  if (incoming.length === 0) return existing;
  const byId = new Map<string, Message>();
  for (const m of existing) byId.set(m.messageId, m);
  let changed = false;
  for (const m of incoming) {
    const prev = byId.get(m.messageId);
    if (prev === m || (prev && prev.changeSeq > m.changeSeq)) continue;
    byId.set(m.messageId, prev ? combine(prev, m) : m);
    changed = true;
  }
  if (!changed) return existing;
  return [...byId.values()].sort(compareMessages);
}

/** Drop pending entries that are now confirmed by one of `messages`. */
function settlePending(pending: PendingMessage[], messages: Message[]): PendingMessage[] {
  if (pending.length === 0 || messages.length === 0) return pending;
  const confirmed = new Set(messages.map((m) => m.clientMsgId).filter(Boolean));
  const next = pending.filter((p) => !confirmed.has(p.clientMsgId));
  return next.length === pending.length ? pending : next;
}

function withRoom(
  state: MessagesState,
  roomId: string,
  update: (room: RoomMessages) => RoomMessages,
): MessagesState {
  const prev = state.rooms[roomId] ?? emptyRoom();
  const next = update(prev);
  if (next === prev && state.rooms[roomId]) return state;
  return { ...state, rooms: { ...state.rooms, [roomId]: next } };
}

function highestChange(messages: Message[]): number {
  return messages.reduce((max, m) => Math.max(max, m.changeSeq), 0);
}

function addMessages(room: RoomMessages, incoming: Message[], combine?: Combine): RoomMessages {
  const messages = mergeMessages(room.messages, incoming, combine);
  const pending = settlePending(room.pending, incoming);
  if (messages === room.messages && pending === room.pending) return room;
  return { ...room, messages, pending };
}

/** A live event, resumed or newest page that arrived at `at`: apply it and note its changes for resume. */
function catchUp(room: RoomMessages, incoming: Message[], upToSeq: number, at: number, combine?: Combine): RoomMessages {
  const next = addMessages(room, incoming, combine);
  const arrivals = noteArrival(room.arrivals, Math.max(upToSeq, highestChange(incoming)), at);
  return arrivals === next.arrivals ? next : { ...next, arrivals };
}

function findPendingRoom(state: MessagesState, clientMsgId: string): string | null {
  for (const [roomId, room] of Object.entries(state.rooms)) {
    if (room.pending.some((p) => p.clientMsgId === clientMsgId)) return roomId;
  }
  return null;
}

function updatePending(
  state: MessagesState,
  clientMsgId: string,
  update: (p: PendingMessage) => PendingMessage | null,
): MessagesState {
  const roomId = findPendingRoom(state, clientMsgId);
  if (!roomId) return state;
  return withRoom(state, roomId, (room) => ({
    ...room,
    pending: room.pending.flatMap((p) => {
      if (p.clientMsgId !== clientMsgId) return [p];
      const u = update(p);
      return u ? [u] : [];
    }),
  }));
}

export function messagesReducer(state: MessagesState, action: MessagesAction): MessagesState {
  switch (action.type) {
    case 'history':
      return withRoom(state, action.roomId, (room) => {
        const latest = action.page === 'latest';
        const merged = latest ? catchUp(room, action.messages, 0, action.at) : addMessages(room, action.messages);
        return { ...merged, nextCursor: latest && room.loaded ? room.nextCursor : action.nextCursor, loaded: true };
      });
    case 'received':
      return withRoom(state, action.message.roomId, (room) => catchUp(room, [action.message], 0, action.at));
    case 'updated': {
      const { reaction, myUserId } = action;
      return withRoom(state, action.message.roomId, (room) =>
        catchUp(room, [action.message], 0, action.at, (known, incoming) => ({
          ...incoming,
          reactions: mergeReactions(known.reactions, incoming.reactions, reaction, myUserId),
        })),
      );
    }
    case 'reacted':
      return withRoom(state, action.roomId, (room) => {
        const messages = room.messages.map((m) => {
          if (m.messageId !== action.messageId) return m;
          const reactions = toggleReaction(m.reactions, action.emoji, action.add);
          return reactions === m.reactions ? m : { ...m, reactions };
        });
        return messages.every((m, i) => m === room.messages[i]) ? room : { ...room, messages };
      });
    case 'fetched':
      return withRoom(state, action.roomId, (room) => addMessages(room, action.messages));
    case 'resumed':
      return withRoom(state, action.roomId, (room) => catchUp(room, action.changes, action.upToSeq, action.at));
    case 'send':
      return withRoom(state, action.pending.roomId, (room) =>
        room.pending.some((p) => p.clientMsgId === action.pending.clientMsgId)
          ? room
          : { ...room, pending: [...room.pending, action.pending] },
      );
    case 'ack': {
      // remove the pending entry wherever it is, then merge the confirmed message
      const cleared = updatePending(state, action.clientMsgId, () => null);
      return withRoom(cleared, action.message.roomId, (room) => addMessages(room, [action.message]));
    }
    case 'sendFailed':
      return updatePending(state, action.clientMsgId, (p) => ({ ...p, status: 'failed', error: action.error }));
    case 'retry':
      return updatePending(state, action.clientMsgId, (p) => {
        const { error: _ignored, ...rest } = p;
        void _ignored;
        return { ...rest, status: 'pending' };
      });
    case 'discard':
      return updatePending(state, action.clientMsgId, () => null);
    case 'removeRoom': {
      if (!state.rooms[action.roomId]) return state;
      const rooms = { ...state.rooms };
      delete rooms[action.roomId];
      return { ...state, rooms };
    }
    case 'reset':
      return initialMessagesState;
    default:
      return state;
  }
}

export function selectRoom(state: MessagesState, roomId: string | null): RoomMessages {
  return (roomId && state.rooms[roomId]) || EMPTY;
}

const EMPTY: RoomMessages = emptyRoom();

/** What the room's main timeline shows: everything but thread-only replies. */
export function timeline(room: RoomMessages): Message[] {
  return room.messages.some((m) => m.threadOnly) ? room.messages.filter((m) => !m.threadOnly) : room.messages;
}

/** A thread's replies, oldest first. */
export function threadReplies(room: RoomMessages, rootId: string): Message[] {
  return room.messages.filter((m) => m.replyTo === rootId);
}
