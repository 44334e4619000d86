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

export interface Me {
  userId: string;
  username: string;
  email: string;
  roles: Role[];
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
}

export interface MessagePage {
  messages: Message[];
  nextCursor: string | null;
}

export type CreateRoomInput =
  | { name: string; kind: 'public' | 'private'; description?: string }
  | { kind: 'dm'; memberIds: string[] };

export const MAX_MESSAGE_LENGTH = 1000;
