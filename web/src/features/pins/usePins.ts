import { useCallback, useEffect, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { Message, Pin } from '../../api/types';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { errorText } from '../../format';
import { useSocketEvent } from '../realtime/useChatSocket';
import { useRoomScopedState } from '../rooms/useRoomScopedState';

/**
 * The open room's pins: fetched when the room opens and on each `pinsChanged` for it (which
 * also answers my own pin/unpin), so the panel and the message menu's Pin/Unpin agree.
 */
export function usePins(rest: RestClient, socket: ChatSocket, roomId: string | null, toast: (text: string) => void) {
  const [open, setOpen] = useRoomScopedState(roomId, false);
  const [pins, setPins] = useRoomScopedState<Pin[]>(roomId, []);
  const [changes, setChanges] = useState(0);

  useSocketEvent(
    socket,
    'pinsChanged',
    useCallback((ev: ChatSocketEvents['pinsChanged']) => ev.roomId === roomId && setChanges((n) => n + 1), [roomId]),
  );

  useEffect(() => {
    if (!roomId) return;
    let cancelled = false;
    rest
      .pins(roomId)
      .then((list) => !cancelled && setPins(list))
      .catch(() => {
        /* no pins shown; the next change or room open asks again */
      });
    return () => {
      cancelled = true;
    };
  }, [rest, roomId, changes, setPins]);

  const change = useCallback(
    async (m: Message, pin: boolean) => {
      try {
        await (pin ? rest.pin(m.roomId, m.messageId) : rest.unpin(m.roomId, m.messageId));
        setChanges((n) => n + 1);
      } catch (err) {
        toast(errorText(err));
      }
    },
    [rest, toast],
  );

  const pinnedIds = new Set(pins.map((p) => p.message.messageId));
  return { open, toggle: () => setOpen((o) => !o), pins, pinnedIds, change };
}
