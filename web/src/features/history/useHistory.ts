import { useCallback, useEffect, useReducer, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { Message } from '../../api/types';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { errorText } from '../../format';
import { useSocketEvent } from '../realtime/useChatSocket';
import { fetchLatestFillingGap } from './gapFill';
import { initialMessagesState, maxSeq, messagesReducer, selectRoom } from './messages';
import { RESUME_LIMIT, resumeFrames, resumePoints } from './resume';

const PAGE_SIZE = 50;

/**
 * Every room's messages as this tab knows them, and the open room's history: its
 * newest page is fetched when it is not loaded, older pages on demand. After every
 * (re)connect the socket resumes each loaded room from the change it is caught up to;
 * a server that does not know `resume` yet gets the old gap fill instead (the open
 * room's newest pages are fetched again).
 */
export function useHistory(
  rest: RestClient,
  socket: ChatSocket,
  roomId: string | null,
  myUserId: string | null,
  toast: (text: string) => void,
) {
  const [state, dispatch] = useReducer(messagesReducer, initialMessagesState);
  const [loadingRoom, setLoadingRoom] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  /** bumped on every reconnect: a room whose first load failed is tried again */
  const [reconnects, setReconnects] = useState(0);

  const room = selectRoom(state, roomId);
  const needsLatest = roomId !== null && (!room.loaded || room.stale);
  const knownSeq = room.loaded ? maxSeq(room) : 0;

  useEffect(() => {
    if (!roomId || !needsLatest) return;
    setLoadingRoom(roomId);
    fetchLatestFillingGap((cursor) => rest.messages(roomId, { limit: PAGE_SIZE, cursor }), knownSeq)
      .then((res) => {
        if (!res.overlapped) dispatch({ type: 'removeRoom', roomId }); // gap too big: start over
        dispatch({ type: 'history', roomId, messages: res.messages, nextCursor: res.nextCursor, page: 'latest' });
      })
      .catch((err: unknown) => toast(errorText(err)))
      .finally(() => setLoadingRoom((cur) => (cur === roomId ? null : cur)));
    // knownSeq is deliberately not a dependency: it is read as the fetch starts, and
    // messages arriving meanwhile must not restart it
  }, [roomId, needsLatest, reconnects, rest, toast]);

  const loadOlder = useCallback(async () => {
    const cursor = room.nextCursor;
    if (!roomId || !cursor || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await rest.messages(roomId, { limit: PAGE_SIZE, cursor });
      dispatch({ type: 'history', roomId, messages: page.messages, nextCursor: page.nextCursor, page: 'older' });
    } catch (err) {
      toast(errorText(err));
    } finally {
      setLoadingOlder(false);
    }
  }, [roomId, room.nextCursor, loadingOlder, rest, toast]);

  useSocketEvent(
    socket,
    'message',
    useCallback((message: Message) => dispatch({ type: 'received', message }), []),
  );
  useSocketEvent(
    socket,
    'messageUpdated',
    useCallback(
      ({ message, reaction }: ChatSocketEvents['messageUpdated']) =>
        dispatch({ type: 'updated', message, reaction, myUserId }),
      [myUserId],
    ),
  );

  const gapFill = useCallback(() => {
    dispatch({ type: 'markStale' }); // whatever arrived while we were away is fetched again
    setReconnects((n) => n + 1);
  }, []);

  useSocketEvent(
    socket,
    'open',
    useCallback(
      ({ reconnect }: ChatSocketEvents['open']) => {
        if (!socket.featuresSupported) {
          if (reconnect) gapFill();
          return;
        }
        for (const frame of resumeFrames(resumePoints(state))) socket.send(frame);
        if (reconnect) setReconnects((n) => n + 1); // a room whose first load failed is tried again
      },
      [socket, state, gapFill],
    ),
  );
  useSocketEvent(
    socket,
    'unsupported',
    // the server predates `resume` (our probe was its first issue-8 frame): fill the gap the old way
    useCallback(() => gapFill(), [gapFill]),
  );
  useSocketEvent(
    socket,
    'resumed',
    useCallback(
      ({ roomId: id, changes, upToSeq, hasMore }: ChatSocketEvents['resumed']) => {
        dispatch({ type: 'resumed', roomId: id, changes, upToSeq });
        if (hasMore) socket.send({ action: 'resume', rooms: [{ roomId: id, afterSeq: upToSeq }], limit: RESUME_LIMIT });
      },
      [socket],
    ),
  );
  useSocketEvent(
    socket,
    'resumeGap',
    // never a silent gap: the room starts over from its newest page
    useCallback(({ roomId: id }: ChatSocketEvents['resumeGap']) => dispatch({ type: 'removeRoom', roomId: id }), []),
  );

  /** Drop a room's cached history (we left it; a rejoin loads it afresh). */
  const forget = useCallback((id: string) => dispatch({ type: 'removeRoom', roomId: id }), []);

  return {
    room,
    loading: roomId !== null && loadingRoom === roomId,
    loadingOlder,
    loadOlder,
    forget,
    dispatch,
  };
}
