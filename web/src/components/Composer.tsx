import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_LENGTH, type Message } from '../api/types';
import type { ConnectionState } from '../api/ws';
import { charCount, snippet } from '../format';

export interface ComposerProps {
  roomName: string;
  connection: ConnectionState;
  replyTo: Message | null;
  onCancelReply: () => void;
  onSend: (content: string, replyTo: string | null) => void;
}

export function Composer({ roomName, connection, replyTo, onCancelReply, onSend }: ComposerProps) {
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const online = connection === 'online';
  const count = charCount(text);
  const over = count > MAX_MESSAGE_LENGTH;
  const empty = text.trim().length === 0;
  const canSend = online && !empty && !over;

  useEffect(() => {
    if (replyTo) inputRef.current?.focus();
  }, [replyTo]);

  function send() {
    if (!canSend) return;
    onSend(text, replyTo ? replyTo.messageId : null);
    setText('');
    inputRef.current?.focus();
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    send();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape' && replyTo) {
      e.preventDefault();
      onCancelReply();
    }
  }

  return (
    <form className="composer" onSubmit={onSubmit} aria-label="Send a message">
      {replyTo && (
        <div className="reply-preview" data-testid="reply-preview">
          <div className="reply-preview-text">
            <span className="small muted">Replying to {replyTo.username}</span>
            <q>{snippet(replyTo.content)}</q>
          </div>
          <button type="button" className="icon-btn" onClick={onCancelReply} aria-label="Cancel reply">
            ×
          </button>
        </div>
      )}
      <div className="composer-row">
        <label htmlFor="composer-input" className="sr-only">
          Message {roomName}
        </label>
        <textarea
          id="composer-input"
          ref={inputRef}
          data-testid="composer-input"
          rows={2}
          value={text}
          disabled={!online}
          placeholder={online ? `Message ${roomName}` : 'Offline — reconnecting…'}
          aria-describedby="composer-counter composer-hint"
          aria-invalid={over || undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="btn btn-primary" data-testid="composer-send" disabled={!canSend}>
          Send
        </button>
      </div>
      <div className="composer-foot small">
        <span id="composer-hint" className="muted">
          Enter to send · Shift+Enter for a new line
        </span>
        <span
          id="composer-counter"
          data-testid="composer-counter"
          className={over ? 'counter over' : count > MAX_MESSAGE_LENGTH * 0.9 ? 'counter near' : 'counter muted'}
          aria-live={over ? 'polite' : 'off'}
        >
          {count}/{MAX_MESSAGE_LENGTH}
        </span>
      </div>
    </form>
  );
}
