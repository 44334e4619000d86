import { useCallback, useEffect, useState } from 'react';
import { useRoomScopedState } from './useRoomScopedState';

/**
 * Something fetched for the open room (its members, its pins): loaded when the room opens and
 * on `reload`, starting from `initial` (a constant) in each room; a late answer for a room that
 * is no longer open is dropped. `load` must be stable (useCallback).
 */
export function useRoomResource<T>(
  roomId: string | null,
  initial: T,
  load: (roomId: string) => Promise<T>,
  onError: (err: unknown) => void,
) {
  const [value, setValue] = useRoomScopedState<T>(roomId, initial);
  const [loads, setLoads] = useState(0);

  useEffect(() => {
    if (!roomId) return;
    let cancelled = false;
    load(roomId)
      .then((next) => !cancelled && setValue(next))
      .catch((err: unknown) => !cancelled && onError(err));
    return () => {
      cancelled = true;
    };
  }, [roomId, loads, load, onError, setValue]);

  const reload = useCallback(() => setLoads((n) => n + 1), []);
  return [value, reload] as const;
}
