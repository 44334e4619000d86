import type { Room } from '../api/types';
import type { ConnectionState } from '../api/ws';
import { roomLabel } from '../format';
import { ConnectionStatus } from './ConnectionStatus';

export interface RoomHeaderProps {
  room: Room | null;
  connection: ConnectionState;
  navOpen: boolean;
  onToggleNav: () => void;
  membersOpen: boolean;
  onToggleMembers: () => void;
  searchOpen: boolean;
  onToggleSearch: () => void;
  pinsOpen: boolean;
  onTogglePins: () => void;
  /** called once the user has confirmed */
  onLeave: (room: Room) => void;
}

export function RoomHeader(props: RoomHeaderProps) {
  const { room, connection, navOpen, onToggleNav, membersOpen, onToggleMembers, onLeave } = props;
  function confirmLeave(r: Room) {
    if (window.confirm(`Leave ${roomLabel(r)}?`)) onLeave(r);
  }

  return (
    <header className="pane-head">
      <button type="button" className="btn btn-small nav-toggle" aria-expanded={navOpen} onClick={onToggleNav}>
        Rooms
      </button>
      <div className="pane-title">
        <h1>{room ? roomLabel(room) : 'Cloud Chat'}</h1>
        {room?.description && <p className="muted small">{room.description}</p>}
      </div>
      <ConnectionStatus state={connection} />
      <button type="button" className="btn btn-small" data-testid="search-toggle" aria-expanded={props.searchOpen} onClick={props.onToggleSearch}>
        Search
      </button>
      {room && (
        <div className="pane-actions">
          <button type="button" className="btn btn-small" data-testid="pins-toggle" aria-expanded={props.pinsOpen} onClick={props.onTogglePins}>
            Pins
          </button>
          <button type="button" className="btn btn-small" data-testid="members-toggle" aria-expanded={membersOpen} onClick={onToggleMembers}>
            Members
          </button>
          {room.kind !== 'dm' && (
            <button type="button" className="btn btn-small" data-testid="leave-room" onClick={() => confirmLeave(room)}>
              Leave
            </button>
          )}
        </div>
      )}
    </header>
  );
}
