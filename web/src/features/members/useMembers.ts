import { useCallback, useEffect, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { Member } from '../../api/types';
import { errorText } from '../../format';
import { useRoomScopedState } from '../rooms/useRoomScopedState';

/**
 * The open room's members (for `@mention` suggestions, the members panel and moderation):
 * fetched when the room opens, again when the panel opens and after a moderation action
 * (`reload`). The panel closes when the room changes.
 */
export function useMembers(rest: RestClient, roomId: string | null, toast: (text: string) => void) {
  const [open, setOpen] = useRoomScopedState(roomId, false);
  /** null until the first list for this room arrives */
  const [members, setMembers] = useRoomScopedState<Member[] | null>(roomId, null);
  const [loads, setLoads] = useState(0);

  useEffect(() => {
    if (!roomId) return;
    let cancelled = false;
    rest
      .members(roomId)
      .then((list) => !cancelled && setMembers(list))
      .catch((err: unknown) => !cancelled && toast(errorText(err)));
    return () => {
      cancelled = true;
    };
  }, [rest, roomId, loads, setMembers, toast]);

  const reload = useCallback(() => setLoads((n) => n + 1), []);

  const toggle = useCallback(() => {
    if (!open) reload();
    setOpen(!open);
  }, [open, reload, setOpen]);

  return { open, members, toggle, reload };
}
