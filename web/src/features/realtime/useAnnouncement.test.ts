import { describe, expect, it } from 'vitest';
import type { Message } from '../../api/types';
import { announcementFor } from './useAnnouncement';

const msg = (roomId: string, userId: string, content = 'hello') =>
  ({ roomId, userId, username: userId, content }) as Message;

describe('announcementFor', () => {
  it('announces someone else\'s message in the open room', () => {
    expect(announcementFor(msg('r1', 'bob'), 'r1', 'alice')).toBe('bob: hello');
  });

  it('stays quiet for my own messages and other rooms', () => {
    expect(announcementFor(msg('r1', 'alice'), 'r1', 'alice')).toBeNull();
    expect(announcementFor(msg('r2', 'bob'), 'r1', 'alice')).toBeNull();
  });

  it('shortens long messages to one line', () => {
    const text = announcementFor(msg('r1', 'bob', `a\n${'x'.repeat(300)}`), 'r1', 'alice');
    expect(text?.startsWith('bob: a x')).toBe(true);
    expect(text?.length).toBeLessThanOrEqual('bob: '.length + 140);
  });
});
