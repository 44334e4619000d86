import { useCallback, type Dispatch } from 'react';
import type { RestClient } from '../../api/rest';
import type { Message } from '../../api/types';
import type { ChatSocket } from '../../api/ws';
import { errorText } from '../../format';
import type { MessagesAction } from './messages';

/**
 * What a user does to a message that exists: edit and delete over REST (their 4xx
 * answers reach the form that asked), react over the socket (shown at once, confirmed
 * by messageUpdated; an error arrives as an error event).
 */
export function useMessageActions(
  rest: RestClient,
  socket: ChatSocket,
  dispatch: Dispatch<MessagesAction>,
  toast: (text: string) => void,
) {
  /** Resolves true once saved; a refusal is shown as a toast. */
  const edit = useCallback(
    async (m: Message, content: string) => {
      try {
        dispatch({ type: 'fetched', roomId: m.roomId, messages: [await rest.editMessage(m.roomId, m.messageId, content)] });
        return true;
      } catch (err) {
        toast(errorText(err));
        return false;
      }
    },
    [rest, dispatch, toast],
  );

  const remove = useCallback(
    async (m: Message) => {
      try {
        dispatch({ type: 'fetched', roomId: m.roomId, messages: [await rest.deleteMessage(m.roomId, m.messageId)] });
      } catch (err) {
        toast(errorText(err));
      }
    },
    [rest, dispatch, toast],
  );

  const react = useCallback(
    (m: Message, emoji: string, add: boolean) => {
      if (!socket.send({ action: 'react', roomId: m.roomId, messageId: m.messageId, emoji, add })) {
        toast('You are offline: the reaction was not sent.');
        return;
      }
      dispatch({ type: 'reacted', roomId: m.roomId, messageId: m.messageId, emoji, add });
    },
    [socket, dispatch, toast],
  );

  return { edit, remove, react };
}
