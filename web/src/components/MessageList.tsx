import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import type { Message } from '../api/types';
import type { PendingMessage } from '../features/history/messages';
import { formatTime, snippet } from '../format';

export interface MessageListProps {
  messages: Message[];
  pending: PendingMessage[];
  myUserId: string | null;
  myUsername: string | null;
  hasOlder: boolean;
  loading: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onReply: (m: Message) => void;
  onRetry: (p: PendingMessage) => void;
  onDiscard: (p: PendingMessage) => void;
}

const MessageItem = memo(function MessageItem({
  m,
  mine,
  quoted,
  onReply,
}: {
  m: Message;
  mine: boolean;
  quoted: Message | null | undefined;
  onReply: (m: Message) => void;
}) {
  return (
    <li
      className={`msg${mine ? ' mine' : ''}`}
      data-testid="message"
      data-seq={m.seq}
      data-message-id={m.messageId}
      data-client-msg-id={m.clientMsgId}
    >
      <div className="msg-meta">
        <span className="msg-author">{m.username}</span>
        <time className="msg-time" dateTime={m.createdAt} title={m.createdAt}>
          {formatTime(m.createdAt)}
        </time>
      </div>
      {m.replyTo && (
        <blockquote className="msg-quote" data-testid="message-quote">
          {quoted ? (
            <>
              <span className="msg-quote-author">{quoted.username}</span> {snippet(quoted.content)}
            </>
          ) : (
            <span className="muted">Reply to an earlier message</span>
          )}
        </blockquote>
      )}
      <div className="msg-body" data-testid="message-content">
        {m.type !== 'text' && <span className="msg-kind">{m.type}</span>}
        {m.content}
      </div>
      <div className="msg-actions">
        <button
          type="button"
          className="link-btn"
          data-testid="message-reply"
          onClick={() => onReply(m)}
          aria-label={`Reply to ${m.username}: ${snippet(m.content, 40)}`}
        >
          Reply
        </button>
      </div>
    </li>
  );
});

export function MessageList(props: MessageListProps) {
  const { messages, pending, myUserId, hasOlder, loading, loadingOlder } = props;
  const ref = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const prev = useRef<{ first: string | null; last: string | null; height: number; pending: number }>({
    first: null,
    last: null,
    height: 0,
    pending: 0,
  });

  const byId = useMemo(() => {
    const map = new Map<string, Message>();
    for (const m of messages) map.set(m.messageId, m);
    return map;
  }, [messages]);

  const first = messages[0]?.messageId ?? null;
  const last = messages[messages.length - 1]?.messageId ?? null;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const p = prev.current;
    if (p.first && first !== p.first && last === p.last) {
      // older page prepended: keep the viewport anchored
      el.scrollTop += el.scrollHeight - p.height;
    } else if (last !== p.last || pending.length > p.pending) {
      const ownNew = pending.length > p.pending;
      if (nearBottom.current || ownNew || !p.last) el.scrollTop = el.scrollHeight;
    }
    prev.current = { first, last, height: el.scrollHeight, pending: pending.length };
  }, [first, last, pending.length]);

  function onScroll() {
    const el = ref.current;
    if (!el) return;
    nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (el.scrollTop < 60 && hasOlder && !loadingOlder && !loading) props.onLoadOlder();
  }

  return (
    <div className="message-scroll" ref={ref} onScroll={onScroll}>
      <div className="history-top">
        {hasOlder ? (
          <button
            type="button"
            className="btn btn-small"
            data-testid="load-older"
            onClick={props.onLoadOlder}
            disabled={loadingOlder}
          >
            {loadingOlder ? 'Loading…' : 'Load older messages'}
          </button>
        ) : (
          !loading && messages.length > 0 && <span className="muted small">Beginning of the conversation</span>
        )}
      </div>
      {loading && messages.length === 0 && <p className="muted center">Loading messages…</p>}
      {!loading && messages.length === 0 && pending.length === 0 && (
        <p className="muted center">No messages yet. Say hello!</p>
      )}
      <ol className="message-list" data-testid="message-list" aria-label="Messages">
        {messages.map((m) => (
          <MessageItem
            key={m.messageId}
            m={m}
            mine={m.userId === myUserId}
            quoted={m.replyTo ? byId.get(m.replyTo) : undefined}
            onReply={props.onReply}
          />
        ))}
        {pending.map((p) => (
          <li
            key={p.clientMsgId}
            className={`msg mine pending${p.status === 'failed' ? ' failed' : ''}`}
            data-testid="pending-message"
            data-client-msg-id={p.clientMsgId}
            data-status={p.status}
          >
            <div className="msg-meta">
              <span className="msg-author">{props.myUsername ?? 'You'}</span>
              <span className="msg-time">{p.status === 'failed' ? 'not sent' : 'sending…'}</span>
            </div>
            {p.replyTo && (
              <blockquote className="msg-quote">
                {byId.get(p.replyTo) ? snippet(byId.get(p.replyTo)!.content) : 'Reply to an earlier message'}
              </blockquote>
            )}
            <div className="msg-body">{p.content}</div>
            {p.status === 'failed' && (
              <div className="msg-actions">
                <span className="form-error small">{p.error}</span>
                <button type="button" className="link-btn" onClick={() => props.onRetry(p)}>
                  Retry
                </button>
                <button type="button" className="link-btn" onClick={() => props.onDiscard(p)}>
                  Discard
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
