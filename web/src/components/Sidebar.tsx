import { useState, type FormEvent } from 'react';
import type { Me, Room } from '../api/types';
import { roomLabel } from '../format';

export interface SidebarProps {
  me: Me | null;
  rooms: Room[];
  activeRoomId: string | null;
  unread: Record<string, number>;
  publicRooms: Room[] | null;
  publicLoading: boolean;
  onSelect: (roomId: string) => void;
  onBrowsePublic: () => void;
  onJoin: (room: Room) => Promise<void>;
  onCreate: (input: { name: string; kind: 'public' | 'private'; description: string }) => Promise<void>;
  onSignOut: () => void;
}

function kindIcon(kind: Room['kind']): string {
  return kind === 'public' ? '#' : kind === 'private' ? '🔒' : '@';
}

export function Sidebar(props: SidebarProps) {
  const { me, rooms, activeRoomId, unread, publicRooms, publicLoading } = props;
  const [joining, setJoining] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'public' | 'private'>('public');
  const [description, setDescription] = useState('');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);

  const myIds = new Set(rooms.map((r) => r.roomId));
  const joinable = (publicRooms ?? []).filter((r) => !myIds.has(r.roomId));

  async function submitCreate(e: FormEvent) {
    e.preventDefault();
    if (!name.trim() || creating) return;
    setCreating(true);
    setCreateError(null);
    try {
      await props.onCreate({ name: name.trim(), kind, description: description.trim() });
      setName('');
      setDescription('');
    } catch (err) {
      setCreateError(err instanceof Error ? err.message : 'Could not create the room.');
    } finally {
      setCreating(false);
    }
  }

  async function join(room: Room) {
    setJoining(room.roomId);
    try {
      await props.onJoin(room);
    } finally {
      setJoining(null);
    }
  }

  return (
    <nav className="sidebar" aria-label="Rooms">
      <div className="sidebar-head">
        <span className="brand">Cloud Chat</span>
        <div className="me">
          <span className="me-name" title={me?.email}>
            {me ? me.username : '…'}
          </span>
          <button type="button" className="btn btn-small" onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
      </div>

      <section className="sidebar-section" aria-labelledby="my-rooms-h">
        <h2 id="my-rooms-h" className="section-title">
          My rooms
        </h2>
        {rooms.length === 0 && <p className="muted small">You have not joined any rooms yet.</p>}
        <ul className="room-list" data-testid="room-list" aria-labelledby="my-rooms-h">
          {rooms.map((r) => {
            const count = unread[r.roomId] ?? 0;
            const active = r.roomId === activeRoomId;
            return (
              <li key={r.roomId}>
                <button
                  type="button"
                  className={`room-item${active ? ' active' : ''}`}
                  data-testid="room-item"
                  data-room-name={r.name}
                  data-room-id={r.roomId}
                  aria-current={active ? 'page' : undefined}
                  onClick={() => props.onSelect(r.roomId)}
                >
                  <span className="room-icon" aria-hidden="true">
                    {kindIcon(r.kind)}
                  </span>
                  <span className="room-name">{roomLabel(r)}</span>
                  {count > 0 && !active && (
                    <span className="badge" aria-label={`${count} unread`}>
                      {count > 99 ? '99+' : count}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      </section>

      <details
        className="sidebar-section"
        onToggle={(e) => {
          if ((e.currentTarget as HTMLDetailsElement).open) props.onBrowsePublic();
        }}
      >
        <summary className="section-title" data-testid="browse-public">
          Browse public rooms
        </summary>
        <div className="browse">
          <button type="button" className="btn btn-small" onClick={props.onBrowsePublic} disabled={publicLoading}>
            {publicLoading ? 'Loading…' : 'Refresh'}
          </button>
          {publicRooms && joinable.length === 0 && !publicLoading && (
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

      <details className="sidebar-section">
        <summary className="section-title" data-testid="new-room-toggle">
          New room
        </summary>
        <form className="new-room" onSubmit={submitCreate}>
          <div className="field">
            <label htmlFor="new-room-name">Name</label>
            <input
              id="new-room-name"
              data-testid="new-room-name"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="new-room-kind">Visibility</label>
            <select
              id="new-room-kind"
              data-testid="new-room-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value === 'private' ? 'private' : 'public')}
            >
              <option value="public">Public</option>
              <option value="private">Private</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-room-desc">Description (optional)</label>
            <input
              id="new-room-desc"
              data-testid="new-room-description"
              maxLength={500}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
          {createError && (
            <p className="form-error" role="alert">
              {createError}
            </p>
          )}
          <button type="submit" className="btn btn-primary" data-testid="new-room-submit" disabled={creating || !name.trim()}>
            {creating ? 'Creating…' : 'Create room'}
          </button>
        </form>
      </details>
    </nav>
  );
}
