import { useCallback, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { Room } from '../../api/types';
import { errorText } from '../../format';
import { EMPTY_DIRECTORY, withPage, type Directory } from './directory';

const PAGE_SIZE = 50;

/** The public rooms directory, fetched when the user browses or searches it, a page at a time. */
export function usePublicRooms(rest: RestClient, toast: (text: string) => void) {
  const [directory, setDirectory] = useState<Directory | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (query: string, cursor: string | null) => {
      setLoading(true);
      try {
        const page = await rest.listPublicRooms({ q: query, limit: PAGE_SIZE, cursor });
        setDirectory((d) => withPage(d ?? EMPTY_DIRECTORY, query, page, cursor !== null));
      } catch (err) {
        toast(errorText(err));
      } finally {
        setLoading(false);
      }
    },
    [rest, toast],
  );

  /** The first page (of a search, when `query` is given). */
  const browse = useCallback((query = '') => void load(query.trim(), null), [load]);
  const loadMore = useCallback(() => {
    if (directory?.nextCursor) void load(directory.query, directory.nextCursor);
  }, [directory, load]);

  const publicRooms: Room[] | null = directory ? directory.rooms : null;
  return { publicRooms, loading, hasMore: Boolean(directory?.nextCursor), browse, loadMore };
}
