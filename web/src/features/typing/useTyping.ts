import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { useSocketEvent } from '../realtime/useChatSocket';
import {
  NOT_TYPING,
  TYPING_IDLE_MS,
  applyTyping,
  expireTyping,
  nextExpiry,
  onDraftChange,
  stopTyping,
  typingLine,
  type MyTyping,
  type Typists,
} from './typing';

/**
 * The open room's "… is typing" line (each `start` lapses on its own timer) and my own
 * typing announcements: `draftChanged` on every edit of a composer, `stopped` when sent.
 */
export function useTyping(socket: ChatSocket, roomId: string | null, myUserId: string | null) {
  const [typists, setTypists] = useState<Typists>({});
  /** what the server was last told about me: only read by handlers, never rendered */
  const mine = useRef<MyTyping>(NOT_TYPING);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useSocketEvent(
    socket,
    'typing',
    useCallback((ev: ChatSocketEvents['typing']) => setTypists((t) => applyTyping(t, ev, Date.now())), []),
  );

  const expiry = nextExpiry(typists);
  useEffect(() => {
    if (expiry === null) return;
    const timer = setTimeout(() => setTypists((t) => expireTyping(t, Date.now())), Math.max(0, expiry - Date.now()) + 10);
    return () => clearTimeout(timer);
  }, [expiry]);

  const announce = useCallback(
    (frames: { roomId: string; state: 'start' | 'stop' }[]) => {
      for (const f of frames) socket.send({ action: 'typing', roomId: f.roomId, state: f.state });
    },
    [socket],
  );

  const stopped = useCallback(() => {
    if (idleTimer.current) clearTimeout(idleTimer.current);
    announce(stopTyping(mine.current));
    mine.current = NOT_TYPING;
  }, [announce]);

  const draftChanged = useCallback(
    (text: string) => {
      if (!roomId) return;
      const { next, send } = onDraftChange(mine.current, roomId, text.trim() === '', Date.now());
      mine.current = next;
      announce(send);
      if (idleTimer.current) clearTimeout(idleTimer.current);
      if (next.startedAt !== null) idleTimer.current = setTimeout(stopped, TYPING_IDLE_MS);
    },
    [roomId, announce, stopped],
  );

  // leaving a room (or the screen) ends my typing there
  useEffect(() => stopped, [roomId, stopped]);

  return { line: typingLine(typists, roomId, myUserId), draftChanged, stopped };
}
