import { useState } from 'react';
import type { Invitation } from '../api/types';
import { invitationText } from '../features/invitations/invitations';

export interface InvitationListProps {
  invitations: Invitation[];
  onAccept: (invitation: Invitation) => Promise<void>;
  onDecline: (invitation: Invitation) => Promise<void>;
}

/** Pending invitations with accept and decline; nothing at all when there are none. */
export function InvitationList({ invitations, onAccept, onDecline }: InvitationListProps) {
  const [busy, setBusy] = useState<string | null>(null);
  if (invitations.length === 0) return null;

  async function answer(invitation: Invitation, how: (i: Invitation) => Promise<void>) {
    setBusy(invitation.roomId);
    try {
      await how(invitation);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="sidebar-section" aria-label="Invitations" data-testid="invitations">
      <h2 className="section-title">Invitations</h2>
      <ul className="public-list">
        {invitations.map((i) => (
          <li key={i.roomId} className="public-room" data-testid="invitation" data-room-name={i.roomName}>
            <span className="public-room-text small">{invitationText(i)}</span>
            <span>
              <button
                type="button"
                className="btn btn-small btn-primary"
                data-testid="invitation-accept"
                disabled={busy === i.roomId}
                onClick={() => void answer(i, onAccept)}
                aria-label={`Accept the invitation to ${i.roomName}`}
              >
                Accept
              </button>{' '}
              <button
                type="button"
                className="btn btn-small"
                data-testid="invitation-decline"
                disabled={busy === i.roomId}
                onClick={() => void answer(i, onDecline)}
                aria-label={`Decline the invitation to ${i.roomName}`}
              >
                Decline
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
