import { memo, useEffect, useRef, useState } from 'react';
import type { Message } from '../api/types';
import { messageReceipt, receiptText, type Marks } from '../features/receipts/receipts';
import { formatTime, snippet } from '../format';
import { LookalikeBadge } from './LookalikeBadge';
import { MentionedText } from './MentionedText';
import { MessageEditor } from './MessageEditor';
import { ReactionBar } from './ReactionBar';

/** What a user can do to a message; the list decides which apply to whom. */
export interface MessageHandlers {
  onEdit: (m: Message, content: string) => Promise<boolean>;
  onDelete: (m: Message) => void;
  /** absent when the server turned reactions off (GET /config features.reactions) */
  onReact?: ((m: Message, emoji: string, add: boolean) => void) | undefined;
  onPin: (m: Message, pin: boolean) => void;
  /** opens the thread panel; absent inside the panel */
  onOpenThread?: (m: Message) => void;
}

/** Who is looking, which decides a message's owner-only parts. */
export interface Viewer {
  myUserId: string | null;
  /** may delete anyone's message here (a global moderator or admin, or the room's owner) */
  canModerate: boolean;
  /** the room members' delivery and read marks */
  marks: Marks;
  /** may pin messages here (room staff, global moderators and admins) */
  canPin: boolean;
  pinnedIds: ReadonlySet<string>;
  /** the message a search result or pin jumped to */
  highlightId: string | null;
}

/** The parts of MessageItemProps that depend on the viewer. */
export function viewedBy(m: Message, { myUserId, canModerate, marks, canPin, pinnedIds, highlightId }: Viewer) {
  const mine = m.userId === myUserId;
  return {
    mine,
    canDelete: mine || canModerate,
    receipt: mine && !m.deleted ? receiptText(messageReceipt(m, marks)) : null,
    pinned: canPin && !m.deleted ? pinnedIds.has(m.messageId) : null,
    highlighted: m.messageId === highlightId,
    myUserId,
  };
}

export interface MessageItemProps extends MessageHandlers {
  m: Message;
  /** a reply's thread root, when loaded */
  quoted?: Message | null | undefined;
  mine: boolean;
  canDelete: boolean;
  /** my own messages: how far they got ("Delivered to 2 of 3") */
  receipt: string | null;
  /** pinned or not, for those who may pin; null: no Pin button */
  pinned: boolean | null;
  /** scrolled into view and marked (a search jump) */
  highlighted: boolean;
  /** mentions of me stand out */
  myUserId: string | null;
}

/** One message: its text or tombstone, edited mark, reactions, thread summary, actions and receipt. */
export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  const { m, mine, canDelete, receipt, pinned, highlighted } = props;
  const [editing, setEditing] = useState(false);
  const ref = useRef<HTMLLIElement>(null);

  useEffect(() => {
    if (!highlighted) return;
    ref.current?.scrollIntoView({ block: 'center' });
    ref.current?.focus();
  }, [highlighted]);

  function confirmDelete() {
    if (window.confirm('Delete this message? Everyone will see "message deleted".')) props.onDelete(m);
  }

  return (
    <li
      ref={ref}
      tabIndex={highlighted ? -1 : undefined}
      className={`msg${mine ? ' mine' : ''}${m.deleted ? ' deleted' : ''}${highlighted ? ' highlighted' : ''}`}
      data-testid="message"
      data-seq={m.seq}
      data-message-id={m.messageId}
      data-client-msg-id={m.clientMsgId}
      data-deleted={m.deleted || undefined}
    >
      <div className="msg-meta">
        <span className="msg-author">{m.username}</span>
        {m.lookalike && <LookalikeBadge name={m.username} />}
        <time className="msg-time" dateTime={m.createdAt} title={m.createdAt}>
          {formatTime(m.createdAt)}
        </time>
        {m.editedAt && !m.deleted && (
          <span className="msg-edited small muted" data-testid="message-edited" title={`Edited ${m.editedAt}`}>
            (edited)
          </span>
        )}
      </div>
      {m.replyTo && props.onOpenThread && (
        <blockquote className="msg-quote" data-testid="message-quote">
          {props.quoted ? (
            <>
              <span className="msg-quote-author">{props.quoted.username}</span> {snippet(props.quoted.content)}
            </>
          ) : (
            <span className="muted">Reply in a thread</span>
          )}
        </blockquote>
      )}
      {editing ? (
        <MessageEditor
          initial={m.content}
          onCancel={() => setEditing(false)}
          onSave={async (content) => {
            const saved = await props.onEdit(m, content);
            if (saved) setEditing(false);
            return saved;
          }}
        />
      ) : m.deleted ? (
        <div className="msg-body tombstone" data-testid="message-tombstone">
          message deleted
        </div>
      ) : (
        <div className="msg-body" data-testid="message-content">
          {m.type !== 'text' && <span className="msg-kind">{m.type}</span>}
          <MentionedText content={m.content} mentions={m.mentions ?? []} myUserId={props.myUserId} />
        </div>
      )}
      {!m.deleted && props.onReact && (
        <ReactionBar reactions={m.reactions} author={m.username} onToggle={(emoji, add) => props.onReact?.(m, emoji, add)} />
      )}
      {props.onOpenThread && m.replyCount > 0 && (
        <button
          type="button"
          className="link-btn thread-summary"
          data-testid="thread-summary"
          onClick={() => props.onOpenThread?.(m)}
        >
          {m.replyCount === 1 ? '1 reply' : `${m.replyCount} replies`}
          {m.lastReplyAt && <span className="muted small"> · last {formatTime(m.lastReplyAt)}</span>}
        </button>
      )}
      <div className="msg-actions">
        {props.onOpenThread && !m.deleted && !m.replyTo && (
          <button
            type="button"
            className="link-btn"
            data-testid="message-reply"
            onClick={() => props.onOpenThread?.(m)}
            aria-label={`Reply in thread to ${m.username}: ${snippet(m.content, 40)}`}
          >
            Reply
          </button>
        )}
        {mine && !m.deleted && !editing && (
          <button
            type="button"
            className="link-btn"
            data-testid="message-edit"
            onClick={() => setEditing(true)}
            aria-label={`Edit your message: ${snippet(m.content, 40)}`}
          >
            Edit
          </button>
        )}
        {canDelete && !m.deleted && (
          <button
            type="button"
            className="link-btn"
            data-testid="message-delete"
            onClick={confirmDelete}
            aria-label={`Delete ${mine ? 'your' : `${m.username}'s`} message: ${snippet(m.content, 40)}`}
          >
            Delete
          </button>
        )}
        {pinned !== null && (
          <button
            type="button"
            className="link-btn"
            data-testid={pinned ? 'message-unpin' : 'message-pin'}
            onClick={() => props.onPin(m, !pinned)}
            aria-label={`${pinned ? 'Unpin' : 'Pin'} ${m.username}'s message: ${snippet(m.content, 40)}`}
          >
            {pinned ? 'Unpin' : 'Pin'}
          </button>
        )}
        {receipt && (
          <span className="receipt small muted" data-testid="message-receipt">
            {receipt}
          </span>
        )}
      </div>
    </li>
  );
});
