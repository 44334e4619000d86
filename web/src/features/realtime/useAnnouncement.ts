import { useCallback, useState } from 'react';
import type { Message } from '../../api/types';
import type { ChatSocket } from '../../api/ws';
import { snippet } from '../../format';
import { useSocketEvent } from './useChatSocket';

/** What a screen reader hears for a live message: only others' messages in the open room. */
export function announcementFor(m: Message, openRoomId: string | null, myUserId: string | null): string | null {
  if (m.roomId !== openRoomId || m.userId === myUserId) return null;
  return `${m.username}: ${snippet(m.content, 140)}`;
}

/** The text of the polite live region: the latest message someone else posted in the open room. */
export function useAnnouncement(socket: ChatSocket, openRoomId: string | null, myUserId: string | null): string {
  const [announcement, setAnnouncement] = useState('');
  useSocketEvent(
    socket,
    'message',
    useCallback(
      (m: Message) => {
        const text = announcementFor(m, openRoomId, myUserId);
        if (text !== null) setAnnouncement(text);
      },
      [openRoomId, myUserId],
    ),
  );
  return announcement;
}
