import { useCallback, useEffect, useState } from 'react';
import type { Message, Room } from '../../api/types';
import type { ChatSocket } from '../../api/ws';
import { roomLabel } from '../../format';
import { useSocketEvent } from '../realtime/useChatSocket';

/** Unread count per room id. */
export type Unread = Record<string, number>;

/** Someone else's message in a room that is not open counts as unread. */
export function countIncoming(unread: Unread, m: Message, openRoomId: string | null, myUserId: string | null): Unread {
  if (m.roomId === openRoomId || m.userId === myUserId) return unread;
  return { ...unread, [m.roomId]: (unread[m.roomId] ?? 0) + 1 };
}

export function markRead(unread: Unread, roomId: string): Unread {
  return unread[roomId] ? { ...unread, [roomId]: 0 } : unread;
}

export function documentTitle(unread: Unread, openRoom: Room | null): string {
  const total = Object.values(unread).reduce((a, b) => a + b, 0);
  return `${total ? `(${total}) ` : ''}${openRoom ? `${roomLabel(openRoom)} · ` : ''}Cloud Chat`;
}

/** Unread counts for the sidebar badges and the tab title; opening a room reads it. */
export function useUnread(socket: ChatSocket, openRoom: Room | null, myUserId: string | null): Unread {
  const [unread, setUnread] = useState<Unread>({});
  const openRoomId = openRoom?.roomId ?? null;

  useSocketEvent(
    socket,
    'message',
    useCallback((m: Message) => setUnread((u) => countIncoming(u, m, openRoomId, myUserId)), [openRoomId, myUserId]),
  );

  useEffect(() => {
    if (openRoomId) setUnread((u) => markRead(u, openRoomId));
  }, [openRoomId]);

  useEffect(() => {
    document.title = documentTitle(unread, openRoom);
  }, [unread, openRoom]);

  return unread;
}
