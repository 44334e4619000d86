import type { Room } from '../api/types';
import { roomLabel } from '../format';
import type { Unread } from '../features/rooms/useUnread';

function kindIcon(kind: Room['kind']): string {
  return kind === 'public' ? '#' : kind === 'private' ? '🔒' : '@';
}

export interface RoomListProps {
  rooms: Room[];
  activeRoomId: string | null;
  unread: Unread;
  onSelect: (roomId: string) => void;
}

/** My rooms, the open one marked as the current page, the others with unread badges. */
export function RoomList({ rooms, activeRoomId, unread, onSelect }: RoomListProps) {
  return (
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
                onClick={() => onSelect(r.roomId)}
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
  );
}
