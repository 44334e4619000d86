import { useCallback, useEffect, useRef, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { Message } from '../../api/types';
import type { ChatSocket, ChatSocketEvents } from '../../api/ws';
import { useSocketEvent } from '../realtime/useChatSocket';
import { useRoomScopedState } from '../rooms/useRoomScopedState';
import { deliveryFrames, noteDelivered, raiseMarks, type DeliveryBatch, type Marks } from './receipts';

/** The contract's pace: one ackDelivered frame per 2 s for all rooms, one markRead per room per 2 s. */
export const RECEIPT_INTERVAL_MS = 2_000;

const NO_MARKS: Marks = {};

/**
 * Delivery and read states, both ways: acknowledges what this tab received (batched)
 * and what the user has seen in the open room (throttled), and keeps the open room's
 * members' marks: from `GET /rooms/{id}/receipts` when it opens and after every
 * reconnect (others' reads reach only their authors live), raised by `receipts` events.
 */
export function useReceipts(
  rest: RestClient,
  socket: ChatSocket,
  roomId: string | null,
  myUserId: string | null,
  /** the open room's newest timeline seq the user can see */
  seenSeq: number,
  online: boolean,
) {
  const [marks, setMarks] = useRoomScopedState(roomId, NO_MARKS);
  /** bumped on every reconnect: marks that rose while we were away are fetched again */
  const [reconnects, setReconnects] = useState(0);
  useSocketEvent(
    socket,
    'open',
    useCallback(({ reconnect }: ChatSocketEvents['open']) => reconnect && setReconnects((n) => n + 1), []),
  );

  useEffect(() => {
    if (!roomId) return;
    let cancelled = false;
    rest
      .receipts(roomId)
      .then((members) => !cancelled && setMarks((m) => raiseMarks(m, members)))
      .catch(() => {
        /* a blip: messages show as sent until events or the next reconnect raise them */
      });
    return () => {
      cancelled = true;
    };
  }, [rest, roomId, reconnects, setMarks]);

  useSocketEvent(
    socket,
    'receipts',
    useCallback(
      (e: ChatSocketEvents['receipts']) => {
        if (e.roomId === roomId) setMarks((m) => raiseMarks(m, e.members));
      },
      [roomId, setMarks],
    ),
  );

  useDeliveryAcks(socket, myUserId);
  useMarkRead(socket, roomId, seenSeq, online);

  return marks;
}

/** Others' messages this tab received, acknowledged at most once per interval in one frame. */
function useDeliveryAcks(socket: ChatSocket, myUserId: string | null) {
  const batch = useRef<DeliveryBatch>({});
  const note = useCallback(
    (messages: Message[]) => {
      for (const m of messages) if (m.userId !== myUserId) batch.current = noteDelivered(batch.current, m.roomId, m.seq);
    },
    [myUserId],
  );
  useSocketEvent(socket, 'message', useCallback((m: Message) => note([m]), [note]));
  useSocketEvent(socket, 'resumed', useCallback((e: ChatSocketEvents['resumed']) => note(e.changes), [note]));

  useEffect(() => {
    const timer = setInterval(() => {
      const frames = deliveryFrames(batch.current);
      if (frames.length && frames.every((rooms) => socket.send({ action: 'ackDelivered', rooms }))) batch.current = {};
    }, RECEIPT_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [socket]);
}

/** Tell the server how far the user has seen the open room: when it grows, at most once per interval. */
function useMarkRead(socket: ChatSocket, roomId: string | null, seenSeq: number, online: boolean) {
  const sent = useRef<Record<string, { seq: number; at: number }>>({});
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');

  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);

  useEffect(() => {
    if (!roomId || !visible || !online || seenSeq <= 0) return;
    const last = sent.current[roomId];
    if (last && last.seq >= seenSeq) return;
    const wait = last ? Math.max(0, last.at + RECEIPT_INTERVAL_MS - Date.now()) : 0;
    const timer = setTimeout(() => {
      if (socket.send({ action: 'markRead', roomId, seq: seenSeq })) sent.current[roomId] = { seq: seenSeq, at: Date.now() };
    }, wait);
    return () => clearTimeout(timer);
  }, [socket, roomId, seenSeq, visible, online]);
}
