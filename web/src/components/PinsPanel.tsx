import type { Pin } from '../api/types';
import { jumpTarget, type JumpTarget } from '../features/search/search';
import { formatTime, snippet } from '../format';

export interface PinsPanelProps {
  pins: Pin[];
  canPin: boolean;
  onJump: (target: JumpTarget) => void;
  onUnpin: (pin: Pin) => void;
}

/** The open room's pinned messages, each a link to the message (and Unpin for staff). */
export function PinsPanel({ pins, canPin, onJump, onUnpin }: PinsPanelProps) {
  return (
    <section className="pins-panel" aria-label="Pinned messages" data-testid="pins-panel">
      {pins.length === 0 && <p className="muted small">No pinned messages.</p>}
      <ul>
        {pins.map((p) => (
          <li key={p.message.messageId} data-testid="pin">
            <button
              type="button"
              className="link-btn"
              onClick={() => onJump(jumpTarget({ message: p.message, roomId: p.message.roomId }))}
            >
              {p.message.username}: {p.message.deleted ? 'message deleted' : snippet(p.message.content, 80)}
            </button>
            <span className="small muted"> · pinned {formatTime(p.pinnedAt)}</span>
            {canPin && (
              <button type="button" className="link-btn" onClick={() => onUnpin(p)} aria-label={`Unpin ${snippet(p.message.content, 40)}`}>
                Unpin
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
