import { useCallback, type Dispatch } from 'react';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { uuid } from '../../api/uuid';
import { serverErrorText } from '../../format';
import { useSocketEvent } from '../realtime/useChatSocket';
import type { MessagesAction, PendingMessage } from './messages';

/**
 * Optimistic sends: a message shows as pending at once and is settled by its ack or
 * failed by an error for its clientMsgId. The socket's outbox resends it with the
 * same clientMsgId after a reconnect.
 */
export function useSend(socket: ChatSocket, dispatch: Dispatch<MessagesAction>) {
  useSocketEvent(
    socket,
    'ack',
    useCallback(
      (a: ChatSocketEvents['ack']) => dispatch({ type: 'ack', clientMsgId: a.clientMsgId, message: a.message }),
      [dispatch],
    ),
  );
  useSocketEvent(
    socket,
    'error',
    useCallback(
      (e: ChatSocketEvents['error']) => {
        if (e.clientMsgId) dispatch({ type: 'sendFailed', clientMsgId: e.clientMsgId, error: serverErrorText(e) });
      },
      [dispatch],
    ),
  );

  const send = useCallback(
    (roomId: string, content: string, replyTo: string | null = null, alsoToRoom = false) => {
      const pending: PendingMessage = {
        clientMsgId: uuid(),
        roomId,
        content,
        replyTo,
        alsoToRoom,
        createdAt: new Date().toISOString(),
        status: 'pending',
      };
      dispatch({ type: 'send', pending });
      socket.sendMessage({ roomId, content, replyTo, alsoToRoom, clientMsgId: pending.clientMsgId });
    },
    [socket, dispatch],
  );

  const retry = useCallback(
    (p: PendingMessage) => {
      dispatch({ type: 'retry', clientMsgId: p.clientMsgId });
      const { roomId, content, replyTo, alsoToRoom, clientMsgId } = p;
      socket.sendMessage({ roomId, content, replyTo, alsoToRoom, clientMsgId });
    },
    [socket, dispatch],
  );

  const discard = useCallback(
    (p: PendingMessage) => {
      socket.cancel(p.clientMsgId);
      dispatch({ type: 'discard', clientMsgId: p.clientMsgId });
    },
    [socket, dispatch],
  );

  return { send, retry, discard };
}
