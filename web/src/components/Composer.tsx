import { MAX_MESSAGE_LENGTH, type Member } from '../api/types';
import type { ConnectionState } from '../api/ws';
import { useDraft } from '../features/compose/useDraft';
import { MentionTextarea } from './MentionTextarea';

export interface ComposerProps {
  roomName: string;
  connection: ConnectionState;
  onSend: (content: string) => void;
  onDraftChange: (text: string) => void;
  /** offered for `@mentions` */
  members: Member[];
  myUserId: string | null;
  /** "bob is typing…", or "" */
  typing: string;
  /** why my last send here was refused for a mute (the server's message says until when) */
  muteNotice: string | null;
}

export function Composer({ roomName, connection, onSend, onDraftChange, members, myUserId, typing, muteNotice }: ComposerProps) {
  const online = connection === 'online';
  const draft = useDraft(online, onSend, onDraftChange);
  const { count, over, canSend, onSubmit } = draft;

  return (
    <form className="composer" onSubmit={onSubmit} aria-label="Send a message">
      <p className="typing-line small muted" data-testid="typing-indicator" aria-live="polite">
        {typing}
      </p>
      {muteNotice && (
        <p className="composer-muted" id="composer-muted" data-testid="composer-muted" role="alert">
          {muteNotice}
        </p>
      )}
      <div className="composer-row">
        <label htmlFor="composer-input" className="sr-only">
          Message {roomName}
        </label>
        <MentionTextarea
          id="composer-input"
          testId="composer-input"
          draft={draft}
          members={members}
          myUserId={myUserId}
          disabled={!online}
          placeholder={online ? `Message ${roomName}` : 'Offline — reconnecting…'}
          describedBy={muteNotice ? 'composer-muted composer-counter composer-hint' : 'composer-counter composer-hint'}
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
