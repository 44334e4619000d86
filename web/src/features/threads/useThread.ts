import { useCallback, type Dispatch } from 'react';
import type { RestClient } from '../../api/rest';
import { errorText } from '../../format';
import type { MessagesAction } from '../history/messages';
import { useRoomScopedState } from '../rooms/useRoomScopedState';

const PAGE_SIZE = 50;

interface ThreadPanel {
  /** the open thread's root message id; null when the panel is closed */
  rootId: string | null;
  /** cursor for the next (newer) page of replies */
  nextCursor: string | null;
  loading: boolean;
}

const CLOSED: ThreadPanel = { rootId: null, nextCursor: null, loading: false };

/**
 * The thread side panel of the open room. Its pages go into the room's messages, so
 * live replies, edits and reactions reach the panel the same way they reach the timeline.
 */
export function useThread(
  rest: RestClient,
  roomId: string | null,
  dispatch: Dispatch<MessagesAction>,
  toast: (text: string) => void,
) {
  const [panel, setPanel] = useRoomScopedState(roomId, CLOSED);

  const fetchPage = useCallback(
    async (rootId: string, cursor: string | null) => {
      if (!roomId) return;
      setPanel((p) => ({ ...p, rootId, loading: true }));
      try {
        const page = await rest.thread(roomId, rootId, { limit: PAGE_SIZE, cursor });
        dispatch({ type: 'fetched', roomId, messages: [page.root, ...page.replies] });
        setPanel((p) => (p.rootId === rootId ? { ...p, nextCursor: page.nextCursor, loading: false } : p));
      } catch (err) {
        toast(errorText(err));
        setPanel((p) => (p.rootId === rootId ? { ...p, loading: false } : p));
      }
    },
    [rest, roomId, dispatch, toast, setPanel],
  );

  const open = useCallback(
    (rootId: string) => {
      setPanel({ ...CLOSED, rootId });
      void fetchPage(rootId, null);
    },
    [fetchPage, setPanel],
  );

  const loadMore = useCallback(() => {
    if (panel.rootId && panel.nextCursor && !panel.loading) void fetchPage(panel.rootId, panel.nextCursor);
  }, [panel, fetchPage]);

  const close = useCallback(() => setPanel(CLOSED), [setPanel]);

  return { ...panel, open, loadMore, close };
}
