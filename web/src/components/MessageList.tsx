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

/** A message in view and its distance from the list's top edge: kept in place when older messages load. */
interface Anchor {
  messageId: string;
  offset: number;
}

function messageRows(el: HTMLElement): HTMLElement[] {
  return [...el.querySelectorAll<HTMLElement>('[data-testid="message"]')];
}

/** The first message at least partly in view. */
function findAnchor(el: HTMLElement): Anchor | null {
  const top = el.getBoundingClientRect().top;
  for (const row of messageRows(el)) {
    const box = row.getBoundingClientRect();
    if (box.bottom > top) return { messageId: row.dataset.messageId ?? '', offset: box.top - top };
  }
  return null;
}

/** Scroll so the anchor's message is where it was; false when it is gone. */
function restoreAnchor(el: HTMLElement, anchor: Anchor): boolean {
  const row = messageRows(el).find((r) => r.dataset.messageId === anchor.messageId);
  if (!row) return false;
  el.scrollTop += row.getBoundingClientRect().top - el.getBoundingClientRect().top - anchor.offset;
  return true;
}

export function MessageList(props: MessageListProps) {
  const { messages, pending, hasOlder, loading, loadingOlder } = props;
  const ref = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const anchor = useRef<Anchor | null>(null);
  const prev = useRef<{ first: string | null; last: string | null; pending: number }>({
    first: null,
    last: null,
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
    const ownNew = pending.length > p.pending;
    const stickToBottom = (last !== p.last || ownNew) && (nearBottom.current || ownNew || !p.last);
    if (stickToBottom) el.scrollTop = el.scrollHeight;
    // older page prepended (or anything else above): the message in view stays put
    else if (p.first && first !== p.first && anchor.current) restoreAnchor(el, anchor.current);
    prev.current = { first, last, pending: pending.length };
    anchor.current = findAnchor(el);
  }, [first, last, pending.length]);

  function onScroll() {
    const el = ref.current;
    if (!el) return;
    anchor.current = findAnchor(el);
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
            onPin={props.onPin}
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
