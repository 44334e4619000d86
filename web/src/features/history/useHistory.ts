import { useCallback, useEffect, useReducer, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { Message } from '../../api/types';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { errorText } from '../../format';
import { useSocketEvent } from '../realtime/useChatSocket';
import { initialMessagesState, messagesReducer, selectRoom } from './messages';
import { RESUME_LIMIT, resumeFrames, resumePoints } from './resume';

const PAGE_SIZE = 50;

/**
 * Every room's messages as this tab knows them, and the open room's history: its
 * newest page is fetched when it is not loaded, older pages on demand. After every
 * (re)connect the socket resumes each loaded room from the highest change that had
 * arrived 30 s before the drop (see resume.ts).
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
  const needsLatest = roomId !== null && !room.loaded;

  useEffect(() => {
    if (!roomId || !needsLatest) return;
    setLoadingRoom(roomId);
    rest
      .messages(roomId, { limit: PAGE_SIZE })
      .then((page) =>
        dispatch({ type: 'history', roomId, messages: page.messages, nextCursor: page.nextCursor, page: 'latest', at: Date.now() }),
      )
      .catch((err: unknown) => toast(errorText(err)))
      .finally(() => setLoadingRoom((cur) => (cur === roomId ? null : cur)));
  }, [roomId, needsLatest, reconnects, rest, toast]);

  const loadOlder = useCallback(async () => {
    const cursor = room.nextCursor;
    if (!roomId || !cursor || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await rest.messages(roomId, { limit: PAGE_SIZE, cursor });
      dispatch({ type: 'history', roomId, messages: page.messages, nextCursor: page.nextCursor, page: 'older', at: Date.now() });
    } catch (err) {
      toast(errorText(err));
    } finally {
      setLoadingOlder(false);
    }
  }, [roomId, room.nextCursor, loadingOlder, rest, toast]);

  useSocketEvent(
    socket,
    'message',
    useCallback((message: Message) => dispatch({ type: 'received', message, at: Date.now() }), []),
  );
  useSocketEvent(
    socket,
    'messageUpdated',
    useCallback(
      ({ message, reaction }: ChatSocketEvents['messageUpdated']) =>
        dispatch({ type: 'updated', message, reaction, myUserId, at: Date.now() }),
      [myUserId],
    ),
  );

  useSocketEvent(
    socket,
    'open',
    useCallback(
      ({ reconnect, droppedAt }: ChatSocketEvents['open']) => {
        for (const frame of resumeFrames(resumePoints(state, droppedAt))) socket.send(frame);
        if (reconnect) setReconnects((n) => n + 1); // a room whose first load failed is tried again
      },
      [socket, state],
    ),
  );
  useSocketEvent(
    socket,
    'resumed',
    useCallback(
      ({ roomId: id, changes, upToSeq, hasMore }: ChatSocketEvents['resumed']) => {
        dispatch({ type: 'resumed', roomId: id, changes, upToSeq, at: Date.now() });
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

  useSocketEvent(
    socket,
    'roomRemoved',
    // kicked or banned: a rejoin loads the room afresh
    useCallback(({ roomId: id }: ChatSocketEvents['roomRemoved']) => dispatch({ type: 'removeRoom', roomId: id }), []),
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
