import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { AuthError, type AuthClient } from '../api/auth';
import { ApiError, RestClient } from '../api/rest';
import type { AppConfig, Me, Member, Message, Room } from '../api/types';
import { ChatSocket, type ConnectionState } from '../api/ws';
import { uuid } from '../api/uuid';
import { roomLabel, snippet } from '../format';
import { fetchLatestFillingGap } from '../features/history/gapFill';
import {
  initialMessagesState,
  maxSeq,
  messagesReducer,
  selectRoom,
  type PendingMessage,
} from '../features/history/messages';
import { Composer } from './Composer';
import { ConnectionStatus } from './ConnectionStatus';
import { MessageList } from './MessageList';
import { Sidebar } from './Sidebar';
import { Toasts, useToasts } from './Toasts';

const LAST_ROOM_KEY = 'cloudchat.lastRoom';

function errorText(err: unknown): string {
  if (err instanceof ApiError || err instanceof AuthError || err instanceof Error) return err.message;
  return 'Something went wrong.';
}

function readLastRoom(): string | null {
  try {
    return sessionStorage.getItem(LAST_ROOM_KEY);
  } catch {
    return null;
  }
}

export function ChatScreen({ config, auth }: { config: AppConfig; auth: AuthClient }) {
  const rest = useMemo(
    () => new RestClient(config.restUrl, () => auth.getIdToken(), { onUnauthorized: () => auth.logout() }),
    [config, auth],
  );
  const socket = useMemo(
    () => new ChatSocket({ url: config.wsUrl, getToken: () => auth.getIdToken() }),
    [config, auth],
  );

  const [me, setMe] = useState<Me | null>(null);
  const [rooms, setRooms] = useState<Room[]>([]);
  const [roomsLoaded, setRoomsLoaded] = useState(false);
  const [publicRooms, setPublicRooms] = useState<Room[] | null>(null);
  const [publicLoading, setPublicLoading] = useState(false);
  const [activeRoomId, setActiveRoomId] = useState<string | null>(readLastRoom);
  const [conn, setConn] = useState<ConnectionState>(socket.state === 'offline' ? 'connecting' : socket.state);
  const [state, dispatch] = useReducer(messagesReducer, initialMessagesState);
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [loadingRoom, setLoadingRoom] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [navOpen, setNavOpen] = useState(false);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [membersOpen, setMembersOpen] = useState(false);
  const { toasts, push: toast, dismiss } = useToasts();

  const stateRef = useRef(state);
  stateRef.current = state;
  const activeRef = useRef(activeRoomId);
  activeRef.current = activeRoomId;
  const roomsRef = useRef(rooms);
  roomsRef.current = rooms;
  const meRef = useRef(me);
  meRef.current = me;

  const activeRoom = rooms.find((r) => r.roomId === activeRoomId) ?? null;
  const roomState = selectRoom(state, activeRoomId);

  const refreshRooms = useCallback(async () => {
    try {
      const list = await rest.listRooms();
      setRooms(list);
      setRoomsLoaded(true);
      return list;
    } catch (err) {
      toast(errorText(err));
      return null;
    }
  }, [rest, toast]);

  /** Load (or refresh, filling any gap) the newest page of a room. */
  const loadLatest = useCallback(
    async (roomId: string) => {
      const room = selectRoom(stateRef.current, roomId);
      const known = room.loaded ? maxSeq(room) : 0;
      setLoadingRoom(roomId);
      try {
        const res = await fetchLatestFillingGap((cursor) => rest.messages(roomId, { limit: 50, cursor }), known);
        if (!res.overlapped) dispatch({ type: 'removeRoom', roomId }); // gap too big: start over
        dispatch({ type: 'history', roomId, messages: res.messages, nextCursor: res.nextCursor, page: 'latest' });
      } catch (err) {
        toast(errorText(err));
      } finally {
        setLoadingRoom((cur) => (cur === roomId ? null : cur));
      }
    },
    [rest, toast],
  );

  const loadOlder = useCallback(async () => {
    const roomId = activeRef.current;
    if (!roomId || loadingOlder) return;
    const room = selectRoom(stateRef.current, roomId);
    if (!room.nextCursor) return;
    setLoadingOlder(true);
    try {
      const page = await rest.messages(roomId, { limit: 50, cursor: room.nextCursor });
      dispatch({ type: 'history', roomId, messages: page.messages, nextCursor: page.nextCursor, page: 'older' });
    } catch (err) {
      toast(errorText(err));
    } finally {
      setLoadingOlder(false);
    }
  }, [rest, toast, loadingOlder]);

  // initial data + socket lifecycle
  useEffect(() => {
    let cancelled = false;
    rest
      .me()
      .then((m) => !cancelled && setMe(m))
      .catch((err) => !cancelled && toast(errorText(err)));
    void refreshRooms();

    const offs = [
      socket.on('state', setConn),
      socket.on('message', (m) => {
        dispatch({ type: 'received', message: m });
        if (!roomsRef.current.some((r) => r.roomId === m.roomId)) void refreshRooms();
        const mine = m.userId === meRef.current?.userId;
        if (m.roomId !== activeRef.current) {
          if (!mine) setUnread((u) => ({ ...u, [m.roomId]: (u[m.roomId] ?? 0) + 1 }));
        } else if (!mine) {
          setAnnouncement(`${m.username}: ${snippet(m.content, 140)}`);
        }
      }),
      socket.on('roomAdded', () => void refreshRooms()),
      socket.on('ack', (a) => dispatch({ type: 'ack', clientMsgId: a.clientMsgId, message: a.message })),
      socket.on('error', (e) => {
        if (e.clientMsgId) dispatch({ type: 'sendFailed', clientMsgId: e.clientMsgId, error: e.message });
        toast(e.message || e.code);
      }),
      socket.on('open', ({ reconnect }) => {
        if (!reconnect) return;
        // fill whatever we missed while disconnected
        dispatch({ type: 'markStale' });
        const roomId = activeRef.current;
        if (roomId) void loadLatest(roomId);
        void refreshRooms();
      }),
      socket.on('authError', (err) => {
        if (err instanceof AuthError && (err.type === 'NotAuthorizedException' || err.type === 'NotAuthenticated')) {
          auth.logout();
        }
      }),
    ];
    socket.start();

    const onOnline = () => socket.reconnectNow();
    window.addEventListener('online', onOnline);
    return () => {
      cancelled = true;
      window.removeEventListener('online', onOnline);
      offs.forEach((off) => off());
      socket.stop();
    };
  }, [rest, socket, auth, refreshRooms, loadLatest, toast]);

  // pick a room once the list is known
  useEffect(() => {
    if (!roomsLoaded) return;
    if (activeRoomId && rooms.some((r) => r.roomId === activeRoomId)) return;
    setActiveRoomId(rooms[0]?.roomId ?? null);
  }, [rooms, roomsLoaded, activeRoomId]);

  // open a room: load history if needed, clear unread
  useEffect(() => {
    setReplyTo(null);
    setMembers(null);
    setMembersOpen(false);
    if (!activeRoomId) return;
    try {
      sessionStorage.setItem(LAST_ROOM_KEY, activeRoomId);
    } catch {
      /* ignore */
    }
    setUnread((u) => (u[activeRoomId] ? { ...u, [activeRoomId]: 0 } : u));
    const room = selectRoom(stateRef.current, activeRoomId);
    if (!room.loaded || room.stale) void loadLatest(activeRoomId);
  }, [activeRoomId, loadLatest]);

  // keep the document title informative
  useEffect(() => {
    const total = Object.values(unread).reduce((a, b) => a + b, 0);
    document.title = `${total ? `(${total}) ` : ''}${activeRoom ? roomLabel(activeRoom) + ' · ' : ''}Cloud Chat`;
  }, [unread, activeRoom]);

  const selectRoomId = useCallback((roomId: string) => {
    setActiveRoomId(roomId);
    setNavOpen(false);
  }, []);

  const browsePublic = useCallback(async () => {
    setPublicLoading(true);
    try {
      setPublicRooms(await rest.listPublicRooms());
    } catch (err) {
      toast(errorText(err));
    } finally {
      setPublicLoading(false);
    }
  }, [rest, toast]);

  const joinRoom = useCallback(
    async (room: Room) => {
      try {
        const joined = await rest.joinRoom(room.roomId);
        setRooms((rs) => (rs.some((r) => r.roomId === joined.roomId) ? rs : [...rs, joined]));
        setPublicRooms((ps) => ps?.filter((r) => r.roomId !== joined.roomId) ?? ps);
        selectRoomId(joined.roomId);
        void refreshRooms();
      } catch (err) {
        toast(errorText(err));
      }
    },
    [rest, toast, refreshRooms, selectRoomId],
  );

  const createRoom = useCallback(
    async (input: { name: string; kind: 'public' | 'private'; description: string }) => {
      const room = await rest.createRoom(
        input.description ? input : { name: input.name, kind: input.kind },
      );
      setRooms((rs) => (rs.some((r) => r.roomId === room.roomId) ? rs : [...rs, room]));
      selectRoomId(room.roomId);
      void refreshRooms();
    },
    [rest, refreshRooms, selectRoomId],
  );

  const leaveRoom = useCallback(async () => {
    const room = activeRoom;
    if (!room) return;
    if (!window.confirm(`Leave ${roomLabel(room)}?`)) return;
    try {
      await rest.leaveRoom(room.roomId);
      dispatch({ type: 'removeRoom', roomId: room.roomId });
      setRooms((rs) => rs.filter((r) => r.roomId !== room.roomId));
      setActiveRoomId(null);
      void refreshRooms();
    } catch (err) {
      toast(errorText(err));
    }
  }, [activeRoom, rest, toast, refreshRooms]);

  const toggleMembers = useCallback(async () => {
    const roomId = activeRef.current;
    if (!roomId) return;
    if (membersOpen) {
      setMembersOpen(false);
      return;
    }
    setMembersOpen(true);
    try {
      setMembers(await rest.members(roomId));
    } catch (err) {
      toast(errorText(err));
    }
  }, [membersOpen, rest, toast]);

  const startDm = useCallback(
    async (member: Member) => {
      try {
        const room = await rest.createRoom({ kind: 'dm', memberIds: [member.userId] });
        setRooms((rs) => (rs.some((r) => r.roomId === room.roomId) ? rs : [...rs, room]));
        selectRoomId(room.roomId);
        void refreshRooms();
      } catch (err) {
        toast(errorText(err));
      }
    },
    [rest, toast, refreshRooms, selectRoomId],
  );

  const send = useCallback(
    (content: string, reply: string | null) => {
      const roomId = activeRef.current;
      if (!roomId) return;
      const pending: PendingMessage = {
        clientMsgId: uuid(),
        roomId,
        content,
        replyTo: reply,
        createdAt: new Date().toISOString(),
        status: 'pending',
      };
      dispatch({ type: 'send', pending });
      socket.sendMessage({ roomId, content, replyTo: reply, clientMsgId: pending.clientMsgId });
      setReplyTo(null);
    },
    [socket],
  );

  const retry = useCallback(
    (p: PendingMessage) => {
      dispatch({ type: 'retry', clientMsgId: p.clientMsgId });
      socket.sendMessage({ roomId: p.roomId, content: p.content, replyTo: p.replyTo, clientMsgId: p.clientMsgId });
    },
    [socket],
  );

  const discard = useCallback(
    (p: PendingMessage) => {
      socket.cancel(p.clientMsgId);
      dispatch({ type: 'discard', clientMsgId: p.clientMsgId });
    },
    [socket],
  );

  return (
    <div className={`app-shell${navOpen ? ' nav-open' : ''}`}>
      <a href="#composer-input" className="skip-link">
        Skip to message composer
      </a>
      <Sidebar
        me={me}
        rooms={rooms}
        activeRoomId={activeRoomId}
        unread={unread}
        publicRooms={publicRooms}
        publicLoading={publicLoading}
        onSelect={selectRoomId}
        onBrowsePublic={() => void browsePublic()}
        onJoin={joinRoom}
        onCreate={createRoom}
        onSignOut={() => auth.logout()}
      />
      <div className="nav-scrim" onClick={() => setNavOpen(false)} aria-hidden="true" />
      <main className="pane" aria-label={activeRoom ? `Room ${roomLabel(activeRoom)}` : 'Chat'}>
        <header className="pane-head">
          <button
            type="button"
            className="btn btn-small nav-toggle"
            aria-expanded={navOpen}
            onClick={() => setNavOpen((o) => !o)}
          >
            Rooms
          </button>
          <div className="pane-title">
            <h1>{activeRoom ? roomLabel(activeRoom) : 'Cloud Chat'}</h1>
            {activeRoom?.description && <p className="muted small">{activeRoom.description}</p>}
          </div>
          <ConnectionStatus state={conn} />
          {activeRoom && (
            <div className="pane-actions">
              <button type="button" className="btn btn-small" aria-expanded={membersOpen} onClick={() => void toggleMembers()}>
                Members
              </button>
              {activeRoom.kind !== 'dm' && (
                <button type="button" className="btn btn-small" data-testid="leave-room" onClick={() => void leaveRoom()}>
                  Leave
                </button>
              )}
            </div>
          )}
        </header>

        {membersOpen && activeRoom && (
          <section className="members" aria-label="Members">
            {!members && <p className="muted small">Loading members…</p>}
            <ul>
              {members?.map((m) => (
                <li key={m.userId}>
                  <span>
                    {m.username}
                    {m.role && m.role !== 'member' && <span className="muted small"> · {m.role}</span>}
                  </span>
                  {me && m.userId !== me.userId && (
                    <button type="button" className="link-btn" onClick={() => void startDm(m)}>
                      Message
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}

        {activeRoom ? (
          <>
            <MessageList
              key={activeRoom.roomId}
              messages={roomState.messages}
              pending={roomState.pending}
              myUserId={me?.userId ?? null}
              myUsername={me?.username ?? null}
              hasOlder={roomState.loaded && roomState.nextCursor !== null}
              loading={loadingRoom === activeRoom.roomId}
              loadingOlder={loadingOlder}
              onLoadOlder={() => void loadOlder()}
              onReply={setReplyTo}
              onRetry={retry}
              onDiscard={discard}
            />
            <Composer
              roomName={roomLabel(activeRoom)}
              connection={conn}
              replyTo={replyTo}
              onCancelReply={() => setReplyTo(null)}
              onSend={send}
            />
          </>
        ) : (
          <div className="empty-pane">
            <p className="muted">
              {roomsLoaded ? 'Join a public room or create a new one to start chatting.' : 'Loading rooms…'}
            </p>
          </div>
        )}
        <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
          {announcement}
        </div>
      </main>
      <Toasts toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
