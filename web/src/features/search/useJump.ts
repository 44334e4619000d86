import { useCallback, useEffect, useState } from 'react';
import type { RoomMessages } from '../history/messages';
import { jumpStep, type JumpTarget } from './search';

export interface JumpDeps {
  activeRoomId: string | null;
  room: RoomMessages;
  loadingOlder: boolean;
  select: (roomId: string) => void;
  loadOlder: () => void;
  openThread: (rootId: string) => void;
  toast: (text: string) => void;
}

/**
 * Go to a search result: open its room, then load older pages until the message is there
 * (or open its thread), and hand back `highlightId` for the list to scroll to and mark.
 */
export function useJump({ activeRoomId, room, loadingOlder, select, loadOlder, openThread, toast }: JumpDeps) {
  const [target, setTarget] = useState<JumpTarget | null>(null);
  const [highlightId, setHighlightId] = useState<string | null>(null);

  const jump = useCallback(
    (t: JumpTarget) => {
      setHighlightId(null);
      setTarget(t);
      select(t.roomId);
    },
    [select],
  );

  useEffect(() => {
    if (!target || target.roomId !== activeRoomId || loadingOlder) return;
    const step = jumpStep(target, room);
    if (step === 'wait') return;
    if (step === 'loadOlder') {
      loadOlder();
      return;
    }
    setTarget(null);
    if (step === 'thread' && target.threadRootId) openThread(target.threadRootId);
    if (step === 'show' || step === 'thread') setHighlightId(target.messageId);
    if (step === 'missing') toast('That message is no longer in the room.');
  }, [target, activeRoomId, room, loadingOlder, loadOlder, openThread, toast]);

  return { jump, highlightId };
}
