import { useCallback, useMemo, useState } from 'react';
import type { AuthClient } from '../api/auth';
import { RestClient } from '../api/rest';
import type { AppConfig, Room } from '../api/types';
import { useMe } from '../features/account/useMe';
import { signOut } from '../features/account/signOut';
import { threadReplies, timeline } from '../features/history/messages';
import { useHistory } from '../features/history/useHistory';
import { useMessageActions } from '../features/history/useMessageActions';
import { useSend } from '../features/history/useSend';
import { useMembers } from '../features/members/useMembers';
import { useBlocks } from '../features/blocks/useBlocks';
import { useInvitations } from '../features/invitations/useInvitations';
import { isRoomStaff, type Staff } from '../features/moderation/permissions';
import { useModeration } from '../features/moderation/useModeration';
import { ownMuteNotice } from '../features/moderation/muteNotice';
import { useMuteNotice } from '../features/moderation/useMuteNotice';
import { usePins } from '../features/pins/usePins';
import { isOnline, roomPeerOnline } from '../features/presence/presence';
import { usePresence } from '../features/presence/usePresence';
import { useJump } from '../features/search/useJump';
import { useSearch } from '../features/search/useSearch';
import { useTyping } from '../features/typing/useTyping';
import { useReceipts } from '../features/receipts/useReceipts';
import { useAnnouncement } from '../features/realtime/useAnnouncement';
import { useChatSocket } from '../features/realtime/useChatSocket';
import { usePublicRooms } from '../features/rooms/usePublicRooms';
import { useRooms } from '../features/rooms/useRooms';
import { useRoomScopedState } from '../features/rooms/useRoomScopedState';
import { useUnread } from '../features/rooms/useUnread';
import { useThread } from '../features/threads/useThread';
import { roomLabel } from '../format';
import { Composer } from './Composer';
import { LiveAnnouncer } from './LiveAnnouncer';
import { MembersPanel } from './MembersPanel';
import { MessageList } from './MessageList';
import { PinsPanel } from './PinsPanel';
import { RoomHeader } from './RoomHeader';
import { SearchPanel } from './SearchPanel';
import { Sidebar } from './Sidebar';
import { ThreadPanel } from './ThreadPanel';
import { Toasts, useToasts } from './Toasts';

/** The signed-in screen: wires the per-concern hooks to the sidebar and the open room's pane. */
export function ChatScreen({ config, auth }: { config: AppConfig; auth: AuthClient }) {
  const rest = useMemo(
    () => new RestClient(config.restUrl, () => auth.getIdToken(), { onUnauthorized: () => auth.logout() }),
    [config, auth],
  );
  const { toasts, push: toast, dismiss } = useToasts();
  const { socket, conn } = useChatSocket(config, auth, rest, toast);
  const { me, setSendReceipts } = useMe(rest, toast);
  const myUserId = me?.userId ?? null;
  const rooms = useRooms(rest, socket, toast);
  const { activeRoom, activeRoomId } = rooms;
  const history = useHistory(rest, socket, activeRoomId, myUserId, toast);
  const outgoing = useSend(socket, history.dispatch);
  const messageActions = useMessageActions(rest, socket, history.dispatch, toast);
  const thread = useThread(rest, activeRoomId, history.dispatch, toast);
  const shown = useMemo(() => timeline(history.room), [history.room]);
  const marks = useReceipts(rest, socket, activeRoomId, myUserId, shown[shown.length - 1]?.seq ?? 0, conn === 'online');
  const canModerate =
    (me?.roles ?? []).some((r) => r === 'admin' || r === 'moderator') ||
    (activeRoom !== null && activeRoom.createdBy === myUserId);
  const badges = useUnread(rest, socket, activeRoom, myUserId);
  const announcement = useAnnouncement(socket, activeRoomId, myUserId);
  const publicRooms = usePublicRooms(rest, toast);
  const invitations = useInvitations(rest, socket, rooms.added, toast);
  const blocks = useBlocks(rest, toast);
  const members = useMembers(rest, activeRoomId, toast);
  const memberList = members.members ?? [];
  const staff: Staff = {
    userId: myUserId,
    roles: me?.roles ?? [],
    roomRole: memberList.find((m) => m.userId === myUserId)?.role ?? null,
    roomKind: activeRoom?.kind ?? null,
  };
  const moderation = useModeration(rest, activeRoomId, members.reload, toast);
  const presence = usePresence(rest, socket, rooms.rooms, activeRoomId);
  const typing = useTyping(socket, activeRoomId, myUserId);
  const mute = useMuteNotice(socket, activeRoomId);
  const pins = usePins(rest, socket, activeRoomId, toast);
  const search = useSearch(rest);
  const [searchOpen, setSearchOpen] = useState(false);
  const jumper = useJump({
    activeRoomId,
    room: history.room,
    loadingOlder: history.loadingOlder,
    select: rooms.select,
    loadOlder: () => void history.loadOlder(),
    openThread: thread.open,
    toast,
  });
  const viewer = {
    myUserId,
    canModerate,
    marks,
    canPin: isRoomStaff(staff),
    pinnedIds: pins.pinnedIds,
    highlightId: jumper.highlightId,
  };
  /** the narrow-screen room drawer closes whenever another room opens */
  const [navOpen, setNavOpen] = useRoomScopedState(activeRoomId, false);
  const { select, leave } = rooms;
  const { forget } = history;
  const { send } = outgoing;
  const { stopped: stopTyping } = typing;

  const selectRoom = useCallback(
    (roomId: string) => {
      select(roomId);
      setNavOpen(false);
    },
    [select, setNavOpen],
  );

  const leaveRoom = useCallback(
    async (room: Room) => {
      if (await leave(room)) forget(room.roomId);
    },
    [leave, forget],
  );

  const sendInRoom = useCallback(
    (content: string) => {
      if (!activeRoomId) return;
      stopTyping();
      send(activeRoomId, content);
    },
    [activeRoomId, send, stopTyping],
  );

  const threadRootId = thread.rootId;
  const replyInThread = useCallback(
    (content: string, alsoToRoom: boolean) => {
      if (!activeRoomId || !threadRootId) return;
      stopTyping();
      send(activeRoomId, content, threadRootId, alsoToRoom);
    },
    [activeRoomId, threadRootId, send, stopTyping],
  );
  const openThread = thread.open;
  const onOpenThread = useCallback((m: { messageId: string }) => openThread(m.messageId), [openThread]);

  return (
    <div className={`app-shell${navOpen ? ' nav-open' : ''}`}>
      <a href="#composer-input" className="skip-link">
        Skip to message composer
      </a>
      <Sidebar
        me={me}
        rooms={rooms.rooms}
        activeRoomId={activeRoomId}
        badges={badges}
        peerOnline={(r) => (r.kind === 'dm' ? roomPeerOnline(presence, r.roomId, myUserId) : undefined)}
        publicRooms={publicRooms.publicRooms}
        publicLoading={publicRooms.loading}
        publicHasMore={publicRooms.hasMore}
        invitations={invitations.invitations}
        onSelect={selectRoom}
        onBrowsePublic={publicRooms.browse}
        onMorePublic={publicRooms.loadMore}
        onAcceptInvitation={invitations.accept}
        onDeclineInvitation={invitations.decline}
        onJoin={rooms.join}
        onCreate={rooms.create}
        onSignOut={() => void signOut(auth, rest)}
        onSendReceipts={(on) => void setSendReceipts(on)}
      />
      <div className="nav-scrim" onClick={() => setNavOpen(false)} aria-hidden="true" />
      <main className="pane" aria-label={activeRoom ? `Room ${roomLabel(activeRoom)}` : 'Chat'}>
        <RoomHeader
          room={activeRoom}
          connection={conn}
          navOpen={navOpen}
          onToggleNav={() => setNavOpen((open) => !open)}
          membersOpen={members.open}
          onToggleMembers={members.toggle}
          searchOpen={searchOpen}
          onToggleSearch={() => setSearchOpen((o) => !o)}
          pinsOpen={pins.open}
          onTogglePins={pins.toggle}
          onLeave={(room) => void leaveRoom(room)}
        />
        {members.open && activeRoom && (
          <MembersPanel
            members={members.members}
            me={staff}
            online={(userId) => isOnline(presence, userId)}
            onMessage={(m) => void rooms.openDm(m)}
            blocked={blocks.blocked}
            onBlock={(m, block) => void blocks.setBlock(m.userId, block)}
            moderation={moderation}
          />
        )}
        {searchOpen && (
          <SearchPanel
            search={search}
            roomId={activeRoomId}
            roomName={activeRoom ? roomLabel(activeRoom) : null}
            onJump={jumper.jump}
            onClose={() => setSearchOpen(false)}
          />
        )}
        {pins.open && activeRoom && (
          <PinsPanel
            pins={pins.pins}
            canPin={viewer.canPin}
            onJump={jumper.jump}
            onUnpin={(p) => void pins.change(p.message, false)}
          />
        )}
        {activeRoom ? (
          <>
            <MessageList
              key={activeRoom.roomId}
              messages={shown}
              pending={history.room.pending.filter((p) => !p.replyTo)}
              {...viewer}
              myUsername={me?.username ?? null}
              hasOlder={history.room.loaded && history.room.nextCursor !== null}
              loading={history.loading}
              loadingOlder={history.loadingOlder}
              onLoadOlder={() => void history.loadOlder()}
              onRetry={outgoing.retry}
              onDiscard={outgoing.discard}
              onEdit={messageActions.edit}
              onDelete={messageActions.remove}
              onReact={config.features.reactions ? messageActions.react : undefined}
              onPin={(m, pin) => void pins.change(m, pin)}
              onOpenThread={onOpenThread}
            />
            <Composer
              roomName={roomLabel(activeRoom)}
              connection={conn}
              onSend={sendInRoom}
              onDraftChange={typing.draftChanged}
              members={memberList}
              myUserId={myUserId}
              typing={typing.line}
              muteNotice={mute.notice ?? ownMuteNotice(memberList.find((m) => m.userId === myUserId), Date.now())}
            />
          </>
        ) : (
          <div className="empty-pane">
            <p className="muted">
              {rooms.loaded ? 'Join a public room or create a new one to start chatting.' : 'Loading rooms…'}
            </p>
          </div>
        )}
        <LiveAnnouncer text={announcement} />
      </main>
      {activeRoom && threadRootId && (
        <ThreadPanel
          root={history.room.messages.find((m) => m.messageId === threadRootId) ?? null}
          replies={threadReplies(history.room, threadRootId)}
          pending={history.room.pending.filter((p) => p.replyTo === threadRootId)}
          {...viewer}
          members={memberList}
          onDraftChange={typing.draftChanged}
          onPin={(m, pin) => void pins.change(m, pin)}
          hasMore={thread.nextCursor !== null}
          loading={thread.loading}
          online={conn === 'online'}
          onLoadMore={thread.loadMore}
          onReply={replyInThread}
          onClose={thread.close}
          onEdit={messageActions.edit}
          onDelete={messageActions.remove}
          onReact={config.features.reactions ? messageActions.react : undefined}
        />
      )}
      <Toasts toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
