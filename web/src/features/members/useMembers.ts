import { useCallback } from 'react';
import type { RestClient } from '../../api/rest';
import type { Member } from '../../api/types';
import { errorText } from '../../format';
import { useRoomResource } from '../rooms/useRoomResource';
import { useRoomScopedState } from '../rooms/useRoomScopedState';

/**
 * The open room's members (for `@mention` suggestions, the members panel and moderation):
 * fetched when the room opens, again when the panel opens and after a moderation action
 * (`reload`). The panel closes when the room changes.
 */
export function useMembers(rest: RestClient, roomId: string | null, toast: (text: string) => void) {
  const [open, setOpen] = useRoomScopedState(roomId, false);
  /** null until the first list for this room arrives */
  const [members, reload] = useRoomResource<Member[] | null>(
    roomId,
    null,
    useCallback((id: string) => rest.members(id), [rest]),
    useCallback((err: unknown) => toast(errorText(err)), [toast]),
  );

  const toggle = useCallback(() => {
    if (!open) reload();
    setOpen(!open);
  }, [open, reload, setOpen]);

  return { open, members, toggle, reload };
}
