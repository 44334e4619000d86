import { useCallback } from 'react';
import type { RestClient } from '../../api/rest';
import type { Message, Pin } from '../../api/types';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { errorText } from '../../format';
import { useSocketEvent } from '../realtime/useChatSocket';
import { useRoomResource } from '../rooms/useRoomResource';
import { useRoomScopedState } from '../rooms/useRoomScopedState';

const NO_PINS: Pin[] = [];
/** no pins shown; the next change or room open asks again */
const ignoreError = () => undefined;

/**
 * The open room's pins: fetched when the room opens and on each `pinsChanged` for it (which
 * also answers my own pin/unpin), so the panel and the message menu's Pin/Unpin agree.
 */
export function usePins(rest: RestClient, socket: ChatSocket, roomId: string | null, toast: (text: string) => void) {
  const [open, setOpen] = useRoomScopedState(roomId, false);
  const [pins, reload] = useRoomResource<Pin[]>(
    roomId,
    NO_PINS,
    useCallback((id: string) => rest.pins(id), [rest]),
    ignoreError,
  );

  useSocketEvent(
    socket,
    'pinsChanged',
    useCallback((ev: ChatSocketEvents['pinsChanged']) => ev.roomId === roomId && reload(), [roomId, reload]),
  );

  const change = useCallback(
    async (m: Message, pin: boolean) => {
      try {
        await (pin ? rest.pin(m.roomId, m.messageId) : rest.unpin(m.roomId, m.messageId));
        reload();
      } catch (err) {
        toast(errorText(err));
      }
    },
    [rest, toast, reload],
  );

  const pinnedIds = new Set(pins.map((p) => p.message.messageId));
  return { open, toggle: () => setOpen((o) => !o), pins, pinnedIds, change };
}
