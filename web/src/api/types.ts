export type Role = 'admin' | 'moderator' | 'user';
export type RoomKind = 'public' | 'private' | 'dm';
export type MessageType = 'text' | 'image' | 'file';

export interface AppConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  cognitoEndpoint: string;
  restUrl: string;
  wsUrl: string;
}

export interface UserSettings {
  /** when off, others never see my readSeq */
  sendReceipts: boolean;
}

export interface Me {
  userId: string;
  username: string;
  email: string;
  roles: Role[];
  settings: UserSettings;
}

export interface Room {
  roomId: string;
  name: string;
  kind: RoomKind;
  description: string;
  createdBy: string;
  createdAt: string;
  lastSeq: number;
}

export interface Member {
  userId: string;
  username: string;
  role: 'owner' | 'moderator' | 'member';
  joinedAt: string;
  /** Set while a mute is in force. */
  muteUntil: string | null;
}

/** `POST /rooms/{id}/mutes` (and `DELETE`, with `until` null). */
export interface Mute {
  userId: string;
  until: string | null;
}

/** A row of `GET /rooms/{id}/bans`; `bannedBy` is a userId. */
export interface Ban {
  userId: string;
  username: string;
  reason: string | null;
  bannedBy: string;
  bannedAt: string;
}

/** A row of `GET /rooms/{id}/pins`, newest pin first; `pinnedBy` is a userId. */
export interface Pin {
  message: Message;
  pinnedBy: string;
  pinnedAt: string;
}

/** One emoji's aggregate on a message; `mine` is for the receiving user (false in room-wide fan-outs). */
export interface Reaction {
  emoji: string;
  count: number;
  mine: boolean;
}

export interface Message {
  messageId: string;
  roomId: string;
  seq: number;
  userId: string;
  username: string;
  content: string;
  type: MessageType;
  replyTo: string | null;
  clientMsgId: string;
  createdAt: string;
  /** the room seq of this message's latest change (equals seq until it changes) */
  changeSeq: number;
  editedAt: string | null;
  /** a tombstone, with content "" and no reactions */
  deleted: boolean;
  /** a thread reply not also sent to the room, so hidden from the main timeline */
  threadOnly: boolean;
  replyCount: number;
  lastReplyAt: string | null;
  reactions: Reaction[];
  /** members named by @username, in order of appearance; [] when none */
  mentions: Mention[];
}

/** A member named by `@username` in a message's content. */
export interface Mention {
  userId: string;
  username: string;
}

/** A row of GET /search: a message (its current state) and the room it is in. */
export interface SearchResult {
  message: Message;
  roomId: string;
  roomName: string;
}

/** GET /search: newest first; ask again with nextCursor while it is not null. */
export interface SearchPage {
  results: SearchResult[];
  nextCursor: string | null;
}

/** Who changed which reaction, carried by messageUpdated so each client fixes its own `mine`. */
export interface ReactionChange {
  emoji: string;
  userId: string;
  added: boolean;
}

export interface ThreadPage {
  root: Message;
  /** oldest first */
  replies: Message[];
  nextCursor: string | null;
}

export interface AuditRecord {
  /** edit, delete, pin, unpin */
  messageId: string | null;
  /** mute, unmute, kick, ban, unban, appoint, dismiss */
  targetUserId: string | null;
  action: 'edit' | 'delete' | 'mute' | 'unmute' | 'kick' | 'ban' | 'unban' | 'pin' | 'unpin' | 'appoint' | 'dismiss';
  actorId: string;
  actorName: string;
  at: string;
  /** edit and delete only */
  previousContent: string | null;
}

export interface AuditPage {
  records: AuditRecord[];
  nextCursor: string | null;
}

export interface MessagePage {
  messages: Message[];
  nextCursor: string | null;
}

/** A member's high-water marks in a room; readSeq is null when shown to others and they turned receipts off. */
export interface Receipt {
  userId: string;
  deliveredSeq: number;
  readSeq: number | null;
}

/** GET /rooms/{id}/receipts row. */
export interface MemberReceipt {
  userId: string;
  username: string;
  deliveredSeq: number;
  readSeq: number | null;
}

export interface DeliveredMark {
  roomId: string;
  deliveredSeq: number;
}

/** GET /me/unread row. */
export interface RoomUnread {
  roomId: string;
  lastSeq: number;
  readSeq: number;
  unread: number;
  /** messages after readSeq that mention me */
  mentions: number;
}

/** Online while the user has at least one live connection; presence event and GET /rooms/{id}/presence row. */
export interface Presence {
  userId: string;
  online: boolean;
}

export interface ErrorBody {
  code: string;
  message: string;
}

/**
 * Every event the server sends on the WebSocket. Mirrors chalicelib/protocol.py;
 * tests/unit/test_protocol.py fails when the two disagree on an event or a field.
 */
export type ServerEvent =
  | { event: 'messageAck'; clientMsgId: string; duplicate: boolean; message: Message }
  | { event: 'message'; message: Message }
  | { event: 'messageUpdated'; message: Message; reaction?: ReactionChange }
  | { event: 'resumed'; roomId: string; changes: Message[]; upToSeq: number; hasMore: boolean }
  | { event: 'resumeGap'; roomId: string; lastSeq: number }
  | { event: 'roomAdded'; room: Room }
  | { event: 'roomRemoved'; roomId: string; reason: 'kicked' | 'banned' }
  | { event: 'pinsChanged'; roomId: string }
  | { event: 'delivered'; rooms: DeliveredMark[] }
  | { event: 'receipts'; roomId: string; members: Receipt[] }
  | { event: 'typingAck'; roomId: string; fannedOut: boolean }
  | { event: 'typing'; roomId: string; userId: string; username: string; state: 'start' | 'stop'; expiresInMs: number }
  | { event: 'presence'; users: Presence[] }
  | { event: 'mention'; roomId: string; message: Message }
  | { event: 'error'; error: ErrorBody; clientMsgId?: string }
  | { event: 'pong' };

export type CreateRoomInput =
  | { name: string; kind: 'public' | 'private'; description?: string }
  | { kind: 'dm'; memberIds: string[] };

export const MAX_MESSAGE_LENGTH = 1000;
