import { useState } from 'react';
import type { Member } from '../api/types';
import { canAppoint, canModerateMember, isMuted, MUTE_DURATIONS, type Staff } from '../features/moderation/permissions';
import type { useModeration } from '../features/moderation/useModeration';
import { formatTime } from '../format';
import { PresenceDot } from './PresenceDot';
import { LookalikeBadge } from './LookalikeBadge';

export interface MembersPanelProps {
  /** null while loading */
  members: Member[] | null;
  me: Staff;
  online: (userId: string) => boolean;
  onMessage: (member: Member) => void;
  /** users I blocked: they cannot DM or invite me */
  blocked: ReadonlySet<string>;
  onBlock: (member: Member, block: boolean) => void;
  moderation: ReturnType<typeof useModeration>;
}

/** The open room's members with presence and role; a DM button, and moderation for those allowed. */
export function MembersPanel({ members, me, online, onMessage, blocked, onBlock, moderation }: MembersPanelProps) {
  return (
    <section className="members" aria-label="Members" data-testid="members-panel">
      {!members && <p className="muted small">Loading members…</p>}
      <ul>
        {members?.map((m) => (
          <li key={m.userId} data-testid="member" data-username={m.username}>
            <span>
              <PresenceDot online={online(m.userId)} /> {m.username}
              {m.lookalike && <LookalikeBadge name={m.username} />}
              {m.role && m.role !== 'member' && <span className="muted small"> · {m.role}</span>}
              {isMuted(m, Date.now()) && m.muteUntil && (
                <span className="muted small" data-testid="member-muted">
                  {' '}
                  · muted until {formatTime(m.muteUntil)}
                </span>
              )}
            </span>
            {me.userId && m.userId !== me.userId && (
              <>
                <button type="button" className="link-btn" onClick={() => onMessage(m)}>
                  Message
                </button>
                <button
                  type="button"
                  className="link-btn"
                  data-testid={blocked.has(m.userId) ? 'member-unblock' : 'member-block'}
                  aria-label={`${blocked.has(m.userId) ? 'Unblock' : 'Block'} ${m.username}`}
                  onClick={() => onBlock(m, !blocked.has(m.userId))}
                >
                  {blocked.has(m.userId) ? 'Unblock' : 'Block'}
                </button>
              </>
            )}
            {canModerateMember(me, m) && <MemberActions member={m} me={me} moderation={moderation} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function MemberActions({ member, me, moderation }: { member: Member; me: Staff; moderation: MembersPanelProps['moderation'] }) {
  const [duration, setDuration] = useState(MUTE_DURATIONS[1]!.ms);
  const name = member.username;
  const muted = isMuted(member, Date.now());
  const selectId = `mute-duration-${member.userId}`;

  return (
    <div className="member-actions" role="group" aria-label={`Moderate ${name}`}>
      {muted ? (
        <button type="button" className="link-btn" data-testid="member-unmute" onClick={() => void moderation.unmute(member)}>
          Unmute
        </button>
      ) : (
        <>
          <label htmlFor={selectId} className="sr-only">
            Mute {name} for
          </label>
          <select id={selectId} data-testid="mute-duration" value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
            {MUTE_DURATIONS.map((d) => (
              <option key={d.ms} value={d.ms}>
                {d.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="link-btn"
            data-testid="member-mute"
            aria-label={`Mute ${name}`}
            onClick={() => void moderation.mute(member, duration)}
          >
            Mute
          </button>
        </>
      )}
      <button
        type="button"
        className="link-btn"
        data-testid="member-kick"
        aria-label={`Kick ${name} from the room`}
        onClick={() => window.confirm(`Remove ${name} from the room?`) && void moderation.kick(member)}
      >
        Kick
      </button>
      <button
        type="button"
        className="link-btn"
        data-testid="member-ban"
        aria-label={`Ban ${name} from the room`}
        onClick={() => window.confirm(`Ban ${name}? They cannot rejoin.`) && void moderation.ban(member)}
      >
        Ban
      </button>
      {canAppoint(me, member) && (
        <button
          type="button"
          className="link-btn"
          data-testid="member-role"
          onClick={() => void moderation.setRole(member, member.role === 'moderator' ? 'member' : 'moderator')}
        >
          {member.role === 'moderator' ? 'Remove moderator' : 'Make moderator'}
        </button>
      )}
    </div>
  );
}
