import type { Member } from '../api/types';

export interface MembersPanelProps {
  /** null while loading */
  members: Member[] | null;
  myUserId: string | null;
  onMessage: (member: Member) => void;
}

/** The open room's members, each (but me) with a button that opens a DM. */
export function MembersPanel({ members, myUserId, onMessage }: MembersPanelProps) {
  return (
    <section className="members" aria-label="Members">
      {!members && <p className="muted small">Loading members…</p>}
      <ul>
        {members?.map((m) => (
          <li key={m.userId}>
            <span>
              {m.username}
              {m.role && m.role !== 'member' && <span className="muted small"> · {m.role}</span>}
            </span>
            {myUserId && m.userId !== myUserId && (
              <button type="button" className="link-btn" onClick={() => onMessage(m)}>
                Message
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
