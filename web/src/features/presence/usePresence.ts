import { useCallback, useEffect, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { PresenceUser, Room } from '../../api/types';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { useSocketEvent } from '../realtime/useChatSocket';
import { NO_PRESENCE, mergePresence, roomPresence } from './presence';

/**
 * Presence for my DMs (fetched when the DM list changes) and the open room's members (when it
 * opens), both again after a reconnect (events missed while offline); then kept by events.
 */
export function usePresence(rest: RestClient, socket: ChatSocket, rooms: Room[], openRoomId: string | null) {
  const [state, setState] = useState(NO_PRESENCE);
  const [connects, setConnects] = useState(0);

  useSocketEvent(
    socket,
    'open',
    useCallback(({ reconnect }: ChatSocketEvents['open']) => reconnect && setConnects((n) => n + 1), []),
  );
  useSocketEvent(socket, 'presence', useCallback((users: PresenceUser[]) => setState((s) => mergePresence(s, users)), []));

  const dms = rooms
    .filter((r) => r.kind === 'dm')
    .map((r) => r.roomId)
    .sort()
    .join(' ');
  const fetchPresence = useCallback(
    (roomIds: string[], live: () => boolean) => {
      for (const roomId of roomIds) {
        rest
          .presence(roomId)
          .then((users) => live() && setState((s) => roomPresence(s, roomId, users)))
          .catch(() => {
            /* dots stay unknown; the next reconnect or room change asks again */
          });
      }
    },
    [rest],
  );
  useEffect(() => {
    let live = true;
    fetchPresence(dms ? dms.split(' ') : [], () => live);
    return () => {
      live = false;
    };
  }, [fetchPresence, dms, connects]);
  useEffect(() => {
    let live = true;
    if (openRoomId && !dms.split(' ').includes(openRoomId)) fetchPresence([openRoomId], () => live);
    return () => {
      live = false;
    };
  }, [fetchPresence, openRoomId, dms, connects]);

  return state;
}
