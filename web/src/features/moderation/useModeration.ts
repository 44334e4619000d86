import { useCallback } from 'react';
import type { RestClient } from '../../api/rest';
import type { Member } from '../../api/types';
import { errorText } from '../../format';
import { muteUntil } from './permissions';

/** Moderation over REST for the open room; each success reloads the members list (roles, mutes). */
export function useModeration(rest: RestClient, roomId: string | null, reload: () => void, toast: (text: string) => void) {
  const act = useCallback(
    async (what: (roomId: string) => Promise<unknown>, done: string) => {
      if (!roomId) return;
      try {
        await what(roomId);
        toast(done);
        reload();
      } catch (err) {
        toast(errorText(err));
      }
    },
    [roomId, reload, toast],
  );

  return {
    mute: (m: Member, ms: number) => act((id) => rest.mute(id, m.userId, muteUntil(Date.now(), ms)), `${m.username} is muted.`),
    unmute: (m: Member) => act((id) => rest.unmute(id, m.userId), `${m.username} is no longer muted.`),
    kick: (m: Member) => act((id) => rest.kick(id, m.userId), `${m.username} was removed from the room.`),
    ban: (m: Member) => act((id) => rest.ban(id, m.userId), `${m.username} is banned from the room.`),
    setRole: (m: Member, role: 'moderator' | 'member') =>
      act((id) => rest.setRole(id, m.userId, role), `${m.username} is now a ${role}.`),
  };
}
