import { useCallback, useState, type SetStateAction } from 'react';

export interface Scoped<T> {
  roomId: string | null;
  value: T;
}

/**
 * Apply an update made while `roomId` was open. An update that arrives after the
 * user moved to another room (a late response) is dropped.
 */
export function updateScoped<T>(scoped: Scoped<T>, roomId: string | null, next: SetStateAction<T>): Scoped<T> {
  if (scoped.roomId !== roomId) return scoped;
  const value = typeof next === 'function' ? (next as (prev: T) => T)(scoped.value) : next;
  return value === scoped.value ? scoped : { roomId, value };
}

/**
 * State that belongs to the open room (a reply target, the members panel): it
 * starts again from `initial` whenever another room opens. `initial` must be a
 * constant.
 */
export function useRoomScopedState<T>(roomId: string | null, initial: T) {
  const [scoped, setScoped] = useState<Scoped<T>>({ roomId, value: initial });
  if (scoped.roomId !== roomId) {
    // React's "adjust state when a prop changes": re-renders before the children see it
    setScoped({ roomId, value: initial });
  }
  const set = useCallback(
    (next: SetStateAction<T>) => setScoped((s) => updateScoped(s, roomId, next)),
    [roomId],
  );
  return [scoped.roomId === roomId ? scoped.value : initial, set] as const;
}
