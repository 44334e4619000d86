/** My pending invitations, newest first: one per room (a renewed invitation replaces the old one). */
import type { Invitation } from '../../api/types';

export type InvitationsAction =
  | { type: 'listed'; invitations: Invitation[] }
  | { type: 'invited'; invitation: Invitation }
  | { type: 'answered'; roomId: string };

export function invitationsReducer(state: Invitation[], action: InvitationsAction): Invitation[] {
  switch (action.type) {
    case 'listed':
      return [...action.invitations].sort(newestFirst);
    case 'invited':
      return [action.invitation, ...state.filter((i) => i.roomId !== action.invitation.roomId)].sort(newestFirst);
    case 'answered':
      return state.filter((i) => i.roomId !== action.roomId);
    default:
      return state;
  }
}

function newestFirst(a: Invitation, b: Invitation): number {
  return b.invitedAt.localeCompare(a.invitedAt);
}

/** How an invitation reads in the list. */
export function invitationText(invitation: Invitation): string {
  const kind = invitation.roomKind === 'public' ? '#' : '🔒';
  return `${invitation.invitedByName} invited you to ${kind} ${invitation.roomName}`;
}
