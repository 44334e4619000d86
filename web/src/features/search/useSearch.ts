import { useCallback, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { SearchResult } from '../../api/types';
import { errorText } from '../../format';
import { validQuery } from './search';

interface SearchState {
  /** the query the results are for; null before the first search */
  query: string | null;
  results: SearchResult[];
  nextCursor: string | null;
  loading: boolean;
  error: string | null;
}

const IDLE: SearchState = { query: null, results: [], nextCursor: null, loading: false, error: null };

/** The search panel: run a query (in one room or all of mine), page further, or clear. */
export function useSearch(rest: RestClient) {
  const [state, setState] = useState<SearchState>(IDLE);

  const fetchPage = useCallback(
    async (query: string, roomId: string | null, cursor: string | null) => {
      setState((s) => ({ ...s, query, loading: true, error: null, ...(cursor ? {} : { results: [], nextCursor: null }) }));
      try {
        const page = await rest.search(query, { roomId, cursor });
        setState((s) =>
          s.query === query ? { ...s, results: [...s.results, ...page.results], nextCursor: page.nextCursor, loading: false } : s,
        );
      } catch (err) {
        setState((s) => (s.query === query ? { ...s, loading: false, error: errorText(err) } : s));
      }
    },
    [rest],
  );

  const search = useCallback(
    (query: string, roomId: string | null) => {
      if (validQuery(query)) void fetchPage(query, roomId, null);
    },
    [fetchPage],
  );
  const more = useCallback(
    (roomId: string | null) => {
      if (state.query && state.nextCursor && !state.loading) void fetchPage(state.query, roomId, state.nextCursor);
    },
    [state, fetchPage],
  );
  const clear = useCallback(() => setState(IDLE), []);

  return { ...state, search, more, clear };
}
