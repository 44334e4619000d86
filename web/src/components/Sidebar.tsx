import type { Invitation, Me, Room } from '../api/types';
import type { NewRoomInput } from '../features/rooms/useRooms';
import type { Badges } from '../features/rooms/useUnread';
import { InvitationList } from './InvitationList';
import { NewRoomForm } from './NewRoomForm';
import { PublicRoomBrowser } from './PublicRoomBrowser';
import { RoomList } from './RoomList';

export interface SidebarProps {
  me: Me | null;
  rooms: Room[];
  activeRoomId: string | null;
  badges: Badges;
  peerOnline: (room: Room) => boolean | null | undefined;
  publicRooms: Room[] | null;
  publicLoading: boolean;
  publicHasMore: boolean;
  invitations: Invitation[];
  onSelect: (roomId: string) => void;
  onBrowsePublic: (query?: string) => void;
  onMorePublic: () => void;
  onAcceptInvitation: (invitation: Invitation) => Promise<void>;
  onDeclineInvitation: (invitation: Invitation) => Promise<void>;
  onJoin: (room: Room) => Promise<void>;
  onCreate: (input: NewRoomInput) => Promise<void>;
  onSignOut: () => void;
  onSendReceipts: (on: boolean) => void;
}

export function Sidebar(props: SidebarProps) {
  const { me } = props;
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
        {me?.settings && (
          <label className="small settings-toggle">
            <input
              type="checkbox"
              data-testid="send-receipts"
              checked={me.settings.sendReceipts}
              onChange={(e) => props.onSendReceipts(e.target.checked)}
            />{' '}
            Send read receipts
          </label>
        )}
      </div>
      <InvitationList
        invitations={props.invitations}
        onAccept={props.onAcceptInvitation}
        onDecline={props.onDeclineInvitation}
      />
      <RoomList
        rooms={props.rooms}
        activeRoomId={props.activeRoomId}
        badges={props.badges}
        peerOnline={props.peerOnline}
        onSelect={props.onSelect}
      />
      <PublicRoomBrowser
        publicRooms={props.publicRooms}
        loading={props.publicLoading}
        hasMore={props.publicHasMore}
        myRooms={props.rooms}
        onBrowse={props.onBrowsePublic}
        onLoadMore={props.onMorePublic}
        onJoin={props.onJoin}
      />
      <NewRoomForm onCreate={props.onCreate} />
    </nav>
  );
}
