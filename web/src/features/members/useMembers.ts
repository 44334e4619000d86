import { useCallback } from 'react';
import type { RestClient } from '../../api/rest';
import type { Member } from '../../api/types';
import { errorText } from '../../format';
import { useRoomScopedState } from '../rooms/useRoomScopedState';

interface MembersPanel {
  open: boolean;
  /** null until the first list for this room arrives */
  members: Member[] | null;
}

const CLOSED: MembersPanel = { open: false, members: null };

/** The open room's members panel: fetched each time it opens, closed when the room changes. */
export function useMembers(rest: RestClient, roomId: string | null, toast: (text: string) => void) {
  const [panel, setPanel] = useRoomScopedState(roomId, CLOSED);

  const toggle = useCallback(async () => {
    if (!roomId) return;
    if (panel.open) {
      setPanel((p) => ({ ...p, open: false }));
      return;
    }
    setPanel((p) => ({ ...p, open: true }));
    try {
      const members = await rest.members(roomId);
      setPanel((p) => ({ ...p, members }));
    } catch (err) {
      toast(errorText(err));
    }
  }, [roomId, panel.open, rest, toast]);

  return { ...panel, toggle };
}
