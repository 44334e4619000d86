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
  features: Features;
}

/** GET /config `features`: what the server enforces (a disabled feature answers `feature_disabled`). */
export interface Features {
  fileUpload: boolean;
  push: boolean;
  reactions: boolean;
  voice: boolean;
  maxFileSizeBytes: number;
  messageRetentionDays: number;
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
  role: string;
  joinedAt: string;
  /** until when a moderator muted this member here; null when not muted */
  muteUntil: string | null;
  /** the name mixes alphabets or reads like an earlier user's name (show a warning next to it) */
  lookalike: boolean;
}

/** The room roles a member can hold; `owner` is the creator. */
export type RoomRole = 'owner' | 'moderator' | 'member';

/** A room member named by an `@username` token in a message. */
export interface Mention {
  userId: string;
  username: string;
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
  /** the room members this message's `@username` tokens name (re-parsed on edit) */
  mentions: Mention[];
  /** the sender's name mixes alphabets or reads like an earlier user's name (show a warning) */
  lookalike: boolean;
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

export type AuditAction =
  | 'edit'
  | 'delete'
  | 'mute'
  | 'unmute'
  | 'kick'
  | 'ban'
  | 'unban'
  | 'pin'
  | 'unpin'
  | 'appoint'
  | 'dismiss';

export interface AuditRecord {
  /** the edited/deleted/pinned message; null for actions on a member */
  messageId: string | null;
  action: AuditAction;
  actorId: string;
  actorName: string;
  at: string;
  /** edits and deletes only */
  previousContent: string | null;
  /** the member a moderation action was taken on */
  targetUserId: string | null;
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
  /** mentions of me after my readSeq */
  mentions: number;
}

export type TypingState = 'start' | 'stop';

/** GET /rooms/{id}/presence row and `presence` event entry. */
export interface PresenceUser {
  userId: string;
  online: boolean;
}

/** GET /search row. */
export interface SearchResult {
  message: Message;
  roomId: string;
  roomName: string;
}

export interface SearchPage {
  results: SearchResult[];
  nextCursor: string | null;
}

/** POST /rooms/{id}/mutes answer. */
export interface Mute {
  userId: string;
  until: string;
}

/** GET /rooms/{id}/pins row. */
/** A row of `GET /rooms/{id}/bans`; `bannedBy` is a userId. */
export interface Ban {
  userId: string;
  username: string;
  reason: string | null;
  bannedBy: string;
  bannedAt: string;
}

export interface Pin {
  message: Message;
  pinnedBy: string;
  pinnedAt: string;
}

export interface RoomPage {
  rooms: Room[];
  nextCursor: string | null;
}

export interface Invitation {
  roomId: string;
  roomName: string;
  roomKind: string;
  invitedBy: string;
  invitedByName: string;
  invitedAt: string;
  expiresAt: string;
}

export interface Block {
  userId: string;
  username: string;
  blockedAt: string;
}

export type RoomRemovedReason = 'kicked' | 'banned';

export interface ErrorBody {
  code: string;
  message: string;
  /** Seconds until a retry may pass (`rate_limited` only). */
  retryAfter?: number;
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
  | { event: 'delivered'; rooms: DeliveredMark[] }
  | { event: 'receipts'; roomId: string; members: Receipt[] }
  | { event: 'typingAck'; roomId: string; fannedOut: boolean }
  | { event: 'typing'; roomId: string; userId: string; username: string; state: TypingState; expiresInMs: number }
  | { event: 'presence'; users: PresenceUser[] }
  | { event: 'mention'; roomId: string; message: Message }
  | { event: 'roomRemoved'; roomId: string; reason: RoomRemovedReason }
  | { event: 'roomInvited'; invitation: Invitation }
  | { event: 'pinsChanged'; roomId: string }
  | { event: 'error'; error: ErrorBody; clientMsgId?: string }
  | { event: 'pong' };

export type CreateRoomInput =
  | { name: string; kind: 'public' | 'private'; description?: string }
  | { kind: 'dm'; memberIds: string[] };

export const MAX_MESSAGE_LENGTH = 1000;

/** `POST /realtime/ticket`: a one-time credential for the WebSocket handshake (`?ticket=`). */
export interface Ticket {
  ticket: string;
  /** seconds it stays redeemable (at most 60) */
  expiresIn: number;
}
