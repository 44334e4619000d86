import { useLayoutEffect, useMemo, useRef } from 'react';
import type { Message } from '../api/types';
import type { PendingMessage } from '../features/history/messages';
import { snippet } from '../format';
import { MessageItem, viewedBy, type MessageHandlers, type Viewer } from './MessageItem';

export interface MessageListProps extends MessageHandlers, Viewer {
  /** the timeline: thread-only replies left out */
  messages: Message[];
  pending: PendingMessage[];
  myUsername: string | null;
  hasOlder: boolean;
  loading: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onRetry: (p: PendingMessage) => void;
  onDiscard: (p: PendingMessage) => void;
}

export function MessageList(props: MessageListProps) {
  const { messages, pending, hasOlder, loading, loadingOlder } = props;
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
            {...viewedBy(m, props)}
            quoted={m.replyTo ? byId.get(m.replyTo) : undefined}
            onEdit={props.onEdit}
            onDelete={props.onDelete}
            onReact={props.onReact}
            onOpenThread={props.onOpenThread}
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
