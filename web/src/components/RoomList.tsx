import type { Room } from '../api/types';
import { roomLabel } from '../format';
import { PresenceDot } from './PresenceDot';
import type { Badges } from '../features/rooms/useUnread';

function kindIcon(kind: Room['kind']): string {
  return kind === 'public' ? '#' : kind === 'private' ? '🔒' : '@';
}

export interface RoomListProps {
  rooms: Room[];
  activeRoomId: string | null;
  badges: Badges;
  /** a DM's other person online (true/false), unknown (null) or not a DM (undefined) */
  peerOnline: (room: Room) => boolean | null | undefined;
  onSelect: (roomId: string) => void;
}

/** My rooms, the open one marked as the current page, the others with unread badges. */
export function RoomList({ rooms, activeRoomId, badges, peerOnline, onSelect }: RoomListProps) {
  return (
    <section className="sidebar-section" aria-labelledby="my-rooms-h">
      <h2 id="my-rooms-h" className="section-title">
        My rooms
      </h2>
      {rooms.length === 0 && <p className="muted small">You have not joined any rooms yet.</p>}
      <ul className="room-list" data-testid="room-list" aria-labelledby="my-rooms-h">
        {rooms.map((r) => {
          const count = badges.unread[r.roomId] ?? 0;
          const mentions = badges.mentions[r.roomId] ?? 0;
          const active = r.roomId === activeRoomId;
          const online = peerOnline(r);
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
                {typeof online === 'boolean' && <PresenceDot online={online} />}
                {mentions > 0 && !active && (
                  <span className="badge badge-mention" data-testid="mention-badge" aria-label={`${mentions} mentions of you`}>
                    @{mentions > 99 ? '99+' : mentions}
                  </span>
                )}
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
