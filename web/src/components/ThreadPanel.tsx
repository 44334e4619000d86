import { useState } from 'react';
import type { Member, Message } from '../api/types';
import type { PendingMessage } from '../features/history/messages';
import { useDraft } from '../features/compose/useDraft';
import { MentionTextarea } from './MentionTextarea';
import { MessageItem, viewedBy, type MessageHandlers, type Viewer } from './MessageItem';

export interface ThreadPanelProps extends Omit<MessageHandlers, 'onOpenThread'>, Viewer {
  root: Message | null;
  replies: Message[];
  pending: PendingMessage[];
  hasMore: boolean;
  loading: boolean;
  online: boolean;
  onLoadMore: () => void;
  onReply: (content: string, alsoToRoom: boolean) => void;
  onClose: () => void;
  /** offered for `@mentions` in the reply composer */
  members: Member[];
  onDraftChange: (text: string) => void;
}

/** A thread beside the timeline: its root, its replies oldest first, and a reply composer. */
export function ThreadPanel(props: ThreadPanelProps) {
  const { root, replies } = props;
  const item = (m: Message) => (
    <MessageItem
      key={m.messageId}
      m={m}
      {...viewedBy(m, props)}
      onEdit={props.onEdit}
      onDelete={props.onDelete}
      onReact={props.onReact}
      onPin={props.onPin}
    />
  );

  return (
    <aside className="thread-panel" aria-label="Thread" data-testid="thread-panel">
      <header className="thread-head">
        <h2>Thread</h2>
        <button type="button" className="icon-btn" onClick={props.onClose} aria-label="Close thread" data-testid="thread-close">
          ×
        </button>
      </header>
      <div className="thread-scroll">
        {root ? <ol className="message-list thread-root">{item(root)}</ol> : <p className="muted">Loading thread…</p>}
        <ol className="message-list" data-testid="thread-replies" aria-label="Replies">
          {replies.map(item)}
          {props.pending.map((p) => (
            <li key={p.clientMsgId} className="msg mine pending" data-testid="pending-message" data-status={p.status}>
              <div className="msg-body">{p.content}</div>
              <span className="small muted">{p.status === 'failed' ? `not sent: ${p.error ?? ''}` : 'sending…'}</span>
            </li>
          ))}
        </ol>
        {props.hasMore && (
          <button type="button" className="btn btn-small" onClick={props.onLoadMore} disabled={props.loading}>
            {props.loading ? 'Loading…' : 'Load more replies'}
          </button>
        )}
      </div>
      <ThreadComposer
        online={props.online}
        onReply={props.onReply}
        members={props.members}
        myUserId={props.myUserId}
        onDraftChange={props.onDraftChange}
      />
    </aside>
  );
}

type ThreadComposerProps = Pick<ThreadPanelProps, 'online' | 'onReply' | 'members' | 'myUserId' | 'onDraftChange'>;

function ThreadComposer({ online, onReply, members, myUserId, onDraftChange }: ThreadComposerProps) {
  const [alsoToRoom, setAlsoToRoom] = useState(false);
  const draft = useDraft(online, (content) => onReply(content, alsoToRoom), onDraftChange);

  return (
    <form className="composer thread-composer" onSubmit={draft.onSubmit} aria-label="Reply in thread">
      <label htmlFor="thread-input" className="sr-only">
        Reply in thread
      </label>
      <MentionTextarea
        id="thread-input"
        testId="thread-input"
        draft={draft}
        members={members}
        myUserId={myUserId}
        disabled={!online}
        placeholder="Reply…"
      />
      <div className="composer-foot small">
        <label>
          <input
            type="checkbox"
            data-testid="thread-also-to-room"
            checked={alsoToRoom}
            onChange={(e) => setAlsoToRoom(e.target.checked)}
          />{' '}
          Also send to room
        </label>
        <button type="submit" className="btn btn-small btn-primary" data-testid="thread-send" disabled={!draft.canSend}>
          Reply
        </button>
      </div>
    </form>
  );
}
