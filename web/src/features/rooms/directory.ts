/** The public room directory as the browser shows it: pages appended in order, each room once. */
import type { Room, RoomPage } from '../../api/types';

export interface Directory {
  /** the search the pages belong to ('' lists everything) */
  query: string;
  rooms: Room[];
  /** where "Load more" continues; null at the end */
  nextCursor: string | null;
}

export const EMPTY_DIRECTORY: Directory = { query: '', rooms: [], nextCursor: null };

/** A first page (a new search) replaces the list; a further page of the same search extends it. */
export function withPage(directory: Directory, query: string, page: RoomPage, more: boolean): Directory {
  const base = more && directory.query === query ? directory.rooms : [];
  const seen = new Set(base.map((r) => r.roomId));
  return { query, rooms: [...base, ...page.rooms.filter((r) => !seen.has(r.roomId))], nextCursor: page.nextCursor };
}
