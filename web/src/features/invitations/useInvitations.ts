import { useCallback, useEffect, useReducer } from 'react';
import type { RestClient } from '../../api/rest';
import type { Invitation, Room } from '../../api/types';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { errorText } from '../../format';
import { useSocketEvent } from '../realtime/useChatSocket';
import { invitationsReducer } from './invitations';

/**
 * My pending invitations: listed on mount and after a reconnect, kept live by `roomInvited`.
 * Accepting hands the room to `onJoined` (the room list adds and opens it).
 */
export function useInvitations(
  rest: RestClient,
  socket: ChatSocket,
  onJoined: (room: Room) => void,
  toast: (text: string) => void,
) {
  const [invitations, dispatch] = useReducer(invitationsReducer, []);

  const refresh = useCallback(async () => {
    try {
      dispatch({ type: 'listed', invitations: await rest.invitations() });
    } catch (err) {
      toast(errorText(err));
    }
  }, [rest, toast]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useSocketEvent(
    socket,
    'roomInvited',
    useCallback((invitation: Invitation) => dispatch({ type: 'invited', invitation }), []),
  );
  useSocketEvent(
    socket,
    'open',
    useCallback(({ reconnect }: ChatSocketEvents['open']) => reconnect && void refresh(), [refresh]),
  );

  const accept = useCallback(
    async (invitation: Invitation) => {
      try {
        const room = await rest.acceptInvitation(invitation.roomId);
        dispatch({ type: 'answered', roomId: invitation.roomId });
        onJoined(room);
      } catch (err) {
        toast(errorText(err));
        void refresh(); // expired or withdrawn: show what is still pending
      }
    },
    [rest, onJoined, toast, refresh],
  );

  const decline = useCallback(
    async (invitation: Invitation) => {
      try {
        await rest.declineInvitation(invitation.roomId);
      } catch (err) {
        toast(errorText(err));
      }
      dispatch({ type: 'answered', roomId: invitation.roomId });
    },
    [rest, toast],
  );

  return { invitations, accept, decline };
}
