import { describe, expect, it } from 'vitest';
import type { Invitation } from '../../api/types';
import { invitationText, invitationsReducer } from './invitations';

const invitation = (roomId: string, invitedAt: string, roomKind = 'private'): Invitation => ({
  roomId,
  roomName: `room ${roomId}`,
  roomKind,
  invitedBy: 'u1',
  invitedByName: 'alice',
  invitedAt,
  expiresAt: '2027-01-01T00:00:00.000Z',
});

describe('invitationsReducer', () => {
  it('lists newest first', () => {
    const s = invitationsReducer([], {
      type: 'listed',
      invitations: [invitation('a', '2026-01-01T00:00:00.000Z'), invitation('b', '2026-02-01T00:00:00.000Z')],
    });
    expect(s.map((i) => i.roomId)).toEqual(['b', 'a']);
  });

  it('a live invitation is added once per room, the renewed one replacing the old', () => {
    let s = invitationsReducer([], { type: 'listed', invitations: [invitation('a', '2026-01-01T00:00:00.000Z')] });
    s = invitationsReducer(s, { type: 'invited', invitation: invitation('b', '2026-02-01T00:00:00.000Z') });
    s = invitationsReducer(s, { type: 'invited', invitation: invitation('a', '2026-03-01T00:00:00.000Z') });
    expect(s.map((i) => [i.roomId, i.invitedAt])).toEqual([
      ['a', '2026-03-01T00:00:00.000Z'],
      ['b', '2026-02-01T00:00:00.000Z'],
    ]);
  });

  it('an answered invitation leaves the list', () => {
    const s = invitationsReducer([invitation('a', '2026-01-01T00:00:00.000Z')], { type: 'answered', roomId: 'a' });
    expect(s).toEqual([]);
  });

  it('reads who invited me to what', () => {
    expect(invitationText(invitation('a', '2026-01-01T00:00:00.000Z'))).toBe('alice invited you to 🔒 room a');
    expect(invitationText(invitation('a', '2026-01-01T00:00:00.000Z', 'public'))).toBe('alice invited you to # room a');
  });
});
