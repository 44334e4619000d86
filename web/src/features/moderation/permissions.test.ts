import { describe, expect, it } from 'vitest';
import type { Member } from '../../api/types';
import { canAppoint, canModerateMember, isMuted, isRoomStaff, muteUntil, type Staff } from './permissions';

const member = (userId: string, role: string, muteUntil: string | null = null): Member => ({
  userId,
  username: userId,
  role,
  joinedAt: '',
  muteUntil,
  lookalike: false,
});
const me = (roomRole: string | null, roles: Staff['roles'] = ['user'], roomKind: Staff['roomKind'] = 'public'): Staff => ({
  userId: 'me',
  roles,
  roomRole,
  roomKind,
});

describe('moderation visibility', () => {
  it('plain members see no moderation; room staff and global staff do; nobody in a DM', () => {
    expect(isRoomStaff(me('member'))).toBe(false);
    expect(isRoomStaff(me('moderator'))).toBe(true);
    expect(isRoomStaff(me('owner'))).toBe(true);
    expect(isRoomStaff(me(null, ['moderator']))).toBe(true);
    expect(isRoomStaff(me('owner', ['user'], 'dm'))).toBe(false);
  });

  it('a room moderator acts on members and moderators, not the owner or themself', () => {
    const mod = me('moderator');
    expect(canModerateMember(mod, member('bob', 'member'))).toBe(true);
    expect(canModerateMember(mod, member('eve', 'moderator'))).toBe(true);
    expect(canModerateMember(mod, member('own', 'owner'))).toBe(false);
    expect(canModerateMember(mod, member('me', 'moderator'))).toBe(false);
    expect(canModerateMember(me('member'), member('bob', 'member'))).toBe(false);
  });

  it('a global admin outranks the owner', () => {
    expect(canModerateMember(me('member', ['admin']), member('own', 'owner'))).toBe(true);
    expect(canModerateMember(me('owner'), member('own2', 'owner'))).toBe(true);
  });

  it('only the owner or a global admin appoints moderators, never on the owner', () => {
    expect(canAppoint(me('owner'), member('bob', 'member'))).toBe(true);
    expect(canAppoint(me(null, ['admin']), member('bob', 'moderator'))).toBe(true);
    expect(canAppoint(me('moderator'), member('bob', 'member'))).toBe(false);
    expect(canAppoint(me(null, ['moderator']), member('bob', 'member'))).toBe(false);
    expect(canAppoint(me('owner'), member('x', 'owner'))).toBe(false);
  });

  it('mutes: until is ISO UTC with ms, and a past mute no longer counts', () => {
    const now = Date.UTC(2030, 0, 1);
    expect(muteUntil(now, 3_600_000)).toBe('2030-01-01T01:00:00.000Z');
    expect(isMuted(member('bob', 'member', '2030-01-01T01:00:00.000Z'), now)).toBe(true);
    expect(isMuted(member('bob', 'member', '2029-12-31T23:00:00.000Z'), now)).toBe(false);
    expect(isMuted(member('bob', 'member'), now)).toBe(false);
  });
});
