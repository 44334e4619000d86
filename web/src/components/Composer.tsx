import { MAX_MESSAGE_LENGTH } from '../api/types';
import type { ConnectionState } from '../api/ws';
import { useDraft } from '../features/compose/useDraft';

export interface ComposerProps {
  roomName: string;
  connection: ConnectionState;
  onSend: (content: string) => void;
}

export function Composer({ roomName, connection, onSend }: ComposerProps) {
  const online = connection === 'online';
  const { text, setText, inputRef, count, over, canSend, onSubmit, onKeyDown } = useDraft(online, onSend);

  return (
    <form className="composer" onSubmit={onSubmit} aria-label="Send a message">
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
