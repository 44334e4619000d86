/**
 * My rooms and which one is open. The open room is kept valid here: when the
 * list no longer holds it (left, removed, or a remembered room from an earlier
 * visit), the first room takes its place.
 */
import type { Room, RoomRemovedReason } from '../../api/types';
import { roomLabel } from '../../format';

export interface RoomsState {
  rooms: Room[];
  /** the first list has arrived (until then the remembered room is trusted) */
  loaded: boolean;
  activeRoomId: string | null;
}

export type RoomsAction =
  | { type: 'listed'; rooms: Room[] }
  | { type: 'added'; room: Room }
  | { type: 'removed'; roomId: string }
  | { type: 'selected'; roomId: string | null };

export function initialRoomsState(rememberedRoomId: string | null): RoomsState {
  return { rooms: [], loaded: false, activeRoomId: rememberedRoomId };
}

function withValidActive(state: RoomsState): RoomsState {
  if (!state.loaded) return state;
  const { rooms, activeRoomId } = state;
  if (activeRoomId && rooms.some((r) => r.roomId === activeRoomId)) return state;
  const fallback = rooms[0]?.roomId ?? null;
  return fallback === activeRoomId ? state : { ...state, activeRoomId: fallback };
}

export function roomsReducer(state: RoomsState, action: RoomsAction): RoomsState {
  switch (action.type) {
    case 'listed':
      return withValidActive({ ...state, rooms: action.rooms, loaded: true });
    case 'added': {
      const known = state.rooms.some((r) => r.roomId === action.room.roomId);
      const rooms = known ? state.rooms : [...state.rooms, action.room];
      return { ...state, rooms, activeRoomId: action.room.roomId };
    }
    case 'removed':
      return withValidActive({ ...state, rooms: state.rooms.filter((r) => r.roomId !== action.roomId) });
    case 'selected':
      return withValidActive({ ...state, activeRoomId: action.roomId });
    default:
      return state;
  }
}

export function activeRoom(state: RoomsState): Room | null {
  return state.rooms.find((r) => r.roomId === state.activeRoomId) ?? null;
}

/** What to tell a user a moderator took out of a room. */
export function removedNotice(room: Room | undefined, reason: RoomRemovedReason): string {
  const name = room ? roomLabel(room) : 'a room';
  return reason === 'banned' ? `You were banned from ${name}.` : `You were removed from ${name}.`;
}
