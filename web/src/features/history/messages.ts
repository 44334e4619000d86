/**
 * Messages state: per room, confirmed messages (deduped by messageId, ordered by
 * seq) plus optimistic pending messages keyed by clientMsgId.
 */
import type { Message } from '../../api/types';

export interface PendingMessage {
  clientMsgId: string;
  roomId: string;
  content: string;
  replyTo: string | null;
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
  /** history may have gaps (e.g. after a reconnect) and should be refetched */
  stale: boolean;
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
       * latest: the newest page (initial load, or refetch after reconnect; an
       * already-known older cursor is kept). older: a page loaded via nextCursor.
       */
      page: 'latest' | 'older';
    }
  | { type: 'received'; message: Message }
  | { type: 'send'; pending: PendingMessage }
  | { type: 'ack'; clientMsgId: string; message: Message }
  | { type: 'sendFailed'; clientMsgId: string; error: string }
  | { type: 'retry'; clientMsgId: string }
  | { type: 'discard'; clientMsgId: string }
  | { type: 'markStale' }
  | { type: 'removeRoom'; roomId: string }
  | { type: 'reset' };

export const initialMessagesState: MessagesState = { rooms: {} };

export function emptyRoom(): RoomMessages {
  return { messages: [], pending: [], nextCursor: null, loaded: false, stale: false };
}

export function compareMessages(a: Message, b: Message): number {
  if (a.seq !== b.seq) return a.seq - b.seq;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0;
}

/** Merge message lists: dedupe by messageId (incoming wins), sort by seq. */
export function mergeMessages(existing: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return existing;
  const byId = new Map<string, Message>();
  for (const m of existing) byId.set(m.messageId, m);
  let changed = false;
  for (const m of incoming) {
    const prev = byId.get(m.messageId);
    if (prev === m) continue;
    byId.set(m.messageId, m);
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

function addMessages(room: RoomMessages, incoming: Message[]): RoomMessages {
  const messages = mergeMessages(room.messages, incoming);
  const pending = settlePending(room.pending, incoming);
  if (messages === room.messages && pending === room.pending) return room;
  return { ...room, messages, pending };
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
        const merged = addMessages(room, action.messages);
        const keepCursor = action.page === 'latest' && room.loaded;
        return {
          ...merged,
          nextCursor: keepCursor ? room.nextCursor : action.nextCursor,
          loaded: true,
          stale: action.page === 'latest' ? false : room.stale,
        };
      });
    case 'received':
      return withRoom(state, action.message.roomId, (room) => addMessages(room, [action.message]));
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
    case 'markStale': {
      const rooms: Record<string, RoomMessages> = {};
      for (const [id, room] of Object.entries(state.rooms)) {
        rooms[id] = room.loaded ? { ...room, stale: true } : room;
      }
      return { ...state, rooms };
    }
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

/** Highest confirmed seq in a room (0 if none). */
export function maxSeq(room: RoomMessages): number {
  const last = room.messages[room.messages.length - 1];
  return last ? last.seq : 0;
}
