import { useState } from 'react';
import type { Room } from '../api/types';
import { roomLabel } from '../format';

export interface PublicRoomBrowserProps {
  /** null until first browsed */
  publicRooms: Room[] | null;
  loading: boolean;
  /** rooms I am already in are not offered */
  myRooms: Room[];
  onBrowse: () => void;
  onJoin: (room: Room) => Promise<void>;
}

/** A disclosure that lists the public rooms I can join; opening it fetches the list. */
export function PublicRoomBrowser({ publicRooms, loading, myRooms, onBrowse, onJoin }: PublicRoomBrowserProps) {
  const [joining, setJoining] = useState<string | null>(null);
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
        if ((e.currentTarget as HTMLDetailsElement).open) onBrowse();
      }}
    >
      <summary className="section-title" data-testid="browse-public">
        Browse public rooms
      </summary>
      <div className="browse">
        <button type="button" className="btn btn-small" onClick={onBrowse} disabled={loading}>
          {loading ? 'Loading…' : 'Refresh'}
        </button>
        {publicRooms && joinable.length === 0 && !loading && (
          <p className="muted small">No other public rooms to join.</p>
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
      </div>
    </details>
  );
}
