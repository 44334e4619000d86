import { useCallback, useEffect, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { Message, Room, RoomUnread } from '../../api/types';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { roomLabel } from '../../format';
import { useSocketEvent } from '../realtime/useChatSocket';

/** Unread count (or mentions of me) per room id. */
export type Unread = Record<string, number>;

/** A room's badge: unread messages and, among them, mentions of me. */
export interface Badges {
  unread: Unread;
  mentions: Unread;
}

/** Someone else's message in a room that is not open counts as unread. */
export function countIncoming(unread: Unread, m: Message, openRoomId: string | null, myUserId: string | null): Unread {
  if (m.roomId === openRoomId || m.userId === myUserId) return unread;
  return { ...unread, [m.roomId]: (unread[m.roomId] ?? 0) + 1 };
}

/** A `mention` event for a room that is not open counts; the open room is being read. */
export function countMention(mentions: Unread, roomId: string, openRoomId: string | null): Unread {
  return roomId === openRoomId ? mentions : { ...mentions, [roomId]: (mentions[roomId] ?? 0) + 1 };
}

/** The server's counts (from each room's read mark); the open room is being read. */
export function fromServer(rooms: RoomUnread[], openRoomId: string | null, field: 'unread' | 'mentions' = 'unread'): Unread {
  return Object.fromEntries(rooms.map((r) => [r.roomId, r.roomId === openRoomId ? 0 : (r[field] ?? 0)]));
}

export function markRead(unread: Unread, roomId: string): Unread {
  return unread[roomId] ? { ...unread, [roomId]: 0 } : unread;
}

export function documentTitle(unread: Unread, openRoom: Room | null): string {
  const total = Object.values(unread).reduce((a, b) => a + b, 0);
  return `${total ? `(${total}) ` : ''}${openRoom ? `${roomLabel(openRoom)} · ` : ''}Cloud Chat`;
}

/**
 * Unread and mention counts for the sidebar badges and the tab title: the server's whenever a
 * room opens and after each reconnect, then counted live; the open room is read.
 */
export function useUnread(rest: RestClient, socket: ChatSocket, openRoom: Room | null, myUserId: string | null): Badges {
  const [unread, setUnread] = useState<Unread>({});
  const [mentions, setMentions] = useState<Unread>({});
  const openRoomId = openRoom?.roomId ?? null;
  /** bumped on every reconnect: the counts are fetched again */
  const [connects, setConnects] = useState(0);

  useSocketEvent(
    socket,
    'open',
    useCallback(({ reconnect }: ChatSocketEvents['open']) => reconnect && setConnects((n) => n + 1), []),
  );

  useEffect(() => {
    let cancelled = false;
    rest
      .unread()
      .then((rooms) => {
        if (cancelled) return;
        setUnread((u) => ({ ...u, ...fromServer(rooms, openRoomId) }));
        setMentions((u) => ({ ...u, ...fromServer(rooms, openRoomId, 'mentions') }));
      })
      .catch(() => {
        /* a blip: live counting still works, and the next reconnect asks again */
      });
    return () => {
      cancelled = true;
    };
  }, [rest, connects, openRoomId]);

  useSocketEvent(
    socket,
    'message',
    useCallback((m: Message) => setUnread((u) => countIncoming(u, m, openRoomId, myUserId)), [openRoomId, myUserId]),
  );

  useSocketEvent(
    socket,
    'mention',
    useCallback(({ roomId }: ChatSocketEvents['mention']) => setMentions((u) => countMention(u, roomId, openRoomId)), [openRoomId]),
  );

  useEffect(() => {
    if (!openRoomId) return;
    setUnread((u) => markRead(u, openRoomId));
    setMentions((u) => markRead(u, openRoomId));
  }, [openRoomId]);

  useEffect(() => {
    document.title = documentTitle(unread, openRoom);
  }, [unread, openRoom]);

  return { unread, mentions };
}
