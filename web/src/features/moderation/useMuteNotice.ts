import { useCallback } from 'react';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { useSocketEvent } from '../realtime/useChatSocket';
import { useRoomScopedState } from '../rooms/useRoomScopedState';
import { muteNotice } from './muteNotice';

/**
 * The open room composer's mute notice: set by a `muted` refusal (a send over the socket, or
 * an edit/reaction `report`ed here), cleared when another room opens or a later send goes through.
 */
export function useMuteNotice(socket: ChatSocket, roomId: string | null) {
  const [notice, setNotice] = useRoomScopedState<string | null>(roomId, null);

  const report = useCallback((err: unknown) => {
    const text = muteNotice(err);
    if (text) setNotice(text);
  }, [setNotice]);

  useSocketEvent(socket, 'error', useCallback((e: ChatSocketEvents['error']) => report(e), [report]));
  useSocketEvent(
    socket,
    'ack',
    useCallback((a: ChatSocketEvents['ack']) => a.message.roomId === roomId && setNotice(null), [roomId, setNotice]),
  );

  return { notice, report };
}
