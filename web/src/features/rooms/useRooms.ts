import { useCallback, useEffect, useReducer } from 'react';
import type { RestClient } from '../../api/rest';
import type { Member, Message, Room } from '../../api/types';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { errorText } from '../../format';
import { useSocketEvent } from '../realtime/useChatSocket';
import { activeRoom, initialRoomsState, removedNotice, roomsReducer } from './rooms';

const LAST_ROOM_KEY = 'cloudchat.lastRoom';

function readLastRoom(): string | null {
  try {
    return sessionStorage.getItem(LAST_ROOM_KEY);
  } catch {
    return null;
  }
}

function rememberRoom(roomId: string): void {
  try {
    sessionStorage.setItem(LAST_ROOM_KEY, roomId);
  } catch {
    /* storage unavailable: the first room opens next time */
  }
}

export interface NewRoomInput {
  name: string;
  kind: 'public' | 'private';
  description: string;
}

/**
 * My rooms, kept current from REST (on mount, on reconnect, when a room is added or
 * a message arrives for a room the list does not hold), and the open room, which
 * survives a reload of the tab.
 */
export function useRooms(rest: RestClient, socket: ChatSocket, toast: (text: string) => void) {
  const [state, dispatch] = useReducer(roomsReducer, null, () => initialRoomsState(readLastRoom()));
  const { rooms, activeRoomId } = state;

  const refresh = useCallback(async () => {
    try {
      dispatch({ type: 'listed', rooms: await rest.listRooms() });
    } catch (err) {
      toast(errorText(err));
    }
  }, [rest, toast]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (activeRoomId) rememberRoom(activeRoomId);
  }, [activeRoomId]);

  useSocketEvent(socket, 'roomAdded', useCallback(() => void refresh(), [refresh]));
  useSocketEvent(
    socket,
    'roomRemoved',
    useCallback(
      ({ roomId, reason }: ChatSocketEvents['roomRemoved']) => {
        toast(removedNotice(rooms.find((r) => r.roomId === roomId), reason));
        dispatch({ type: 'removed', roomId });
      },
      [rooms, toast],
    ),
  );
  useSocketEvent(
    socket,
    'open',
    useCallback(({ reconnect }: ChatSocketEvents['open']) => reconnect && void refresh(), [refresh]),
  );
  useSocketEvent(
    socket,
    'message',
    useCallback(
      (m: Message) => {
        if (!rooms.some((r) => r.roomId === m.roomId)) void refresh();
      },
      [rooms, refresh],
    ),
  );

  /** Add a room the server just gave us and open it. */
  const added = useCallback(
    (room: Room) => {
      dispatch({ type: 'added', room });
      void refresh();
    },
    [refresh],
  );

  const select = useCallback((roomId: string) => dispatch({ type: 'selected', roomId }), []);

  const join = useCallback(
    async (room: Room) => {
      try {
        added(await rest.joinRoom(room.roomId));
      } catch (err) {
        toast(errorText(err));
      }
    },
    [rest, toast, added],
  );

  /** Throws, so the form can show the error next to its fields. */
  const create = useCallback(
    async (input: NewRoomInput) => {
      added(await rest.createRoom(input.description ? input : { name: input.name, kind: input.kind }));
    },
    [rest, added],
  );

  const openDm = useCallback(
    async (member: Member) => {
      try {
        added(await rest.createRoom({ kind: 'dm', memberIds: [member.userId] }));
      } catch (err) {
        toast(errorText(err));
      }
    },
    [rest, toast, added],
  );

  /** Resolves true once the server has taken us out of the room. */
  const leave = useCallback(
    async (room: Room) => {
      try {
        await rest.leaveRoom(room.roomId);
        dispatch({ type: 'removed', roomId: room.roomId });
        void refresh();
        return true;
      } catch (err) {
        toast(errorText(err));
        return false;
      }
    },
    [rest, toast, refresh],
  );

  return {
    rooms,
    loaded: state.loaded,
    activeRoomId,
    activeRoom: activeRoom(state),
    select,
    join,
    create,
    openDm,
    leave,
    added,
  };
}
