import { useState } from 'react';
import type { Room } from '../api/types';
import { roomLabel } from '../format';

export interface PublicRoomBrowserProps {
  /** null until first browsed */
  publicRooms: Room[] | null;
  loading: boolean;
  /** another page follows ("Load more") */
  hasMore: boolean;
  /** rooms I am already in are not offered */
  myRooms: Room[];
  /** the first page, of the rooms whose name holds `query` when given */
  onBrowse: (query?: string) => void;
  onLoadMore: () => void;
  onJoin: (room: Room) => Promise<void>;
}

/** A disclosure that lists the public rooms I can join, newest first, a page at a time, searchable
 * by name; opening it fetches the first page. */
export function PublicRoomBrowser({
  publicRooms,
  loading,
  hasMore,
  myRooms,
  onBrowse,
  onLoadMore,
  onJoin,
}: PublicRoomBrowserProps) {
  const [joining, setJoining] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const myIds = new Set(myRooms.map((r) => r.roomId));
  const joinable = (publicRooms ?? []).filter((r) => !myIds.has(r.roomId));

  async function join(room: Room) {
    setJoining(room.roomId);
    try {
      await onJoin(room);
    } finally {
      setJoining(null);
    }
  }

  return (
    <details
      className="sidebar-section"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) onBrowse(query);
      }}
    >
      <summary className="section-title" data-testid="browse-public">
        Browse public rooms
      </summary>
      <div className="browse">
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            onBrowse(query);
          }}
        >
          <label htmlFor="public-room-search" className="sr-only">
            Search public rooms by name
          </label>
          <input
            id="public-room-search"
            type="search"
            data-testid="public-room-search"
            placeholder="Search rooms"
            maxLength={80}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />{' '}
          <button type="submit" className="btn btn-small" disabled={loading}>
            {loading ? 'Loading…' : query.trim() ? 'Search' : 'Refresh'}
          </button>
        </form>
        {publicRooms && joinable.length === 0 && !loading && (
          <p className="muted small">{query.trim() ? 'No public rooms match.' : 'No other public rooms to join.'}</p>
        )}
        <ul className="public-list" data-testid="public-room-list">
          {joinable.map((r) => (
            <li key={r.roomId} className="public-room" data-testid="public-room-item" data-room-name={r.name}>
              <div className="public-room-text">
                <span className="room-name"># {roomLabel(r)}</span>
                {r.description && <span className="muted small">{r.description}</span>}
              </div>
              <button
                type="button"
                className="btn btn-small btn-primary"
                data-testid="join-room"
                onClick={() => void join(r)}
                disabled={joining === r.roomId}
                aria-label={`Join ${roomLabel(r)}`}
              >
                {joining === r.roomId ? 'Joining…' : 'Join'}
              </button>
            </li>
          ))}
        </ul>
        {hasMore && (
          <button type="button" className="btn btn-small" data-testid="public-load-more" onClick={onLoadMore} disabled={loading}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </details>
  );
}
