import { describe, expect, it } from 'vitest';
import { msg } from '../../testing/messages';
import { initialMessagesState, messagesReducer, type MessagesAction } from './messages';
import { RESUME_ROOMS_PER_FRAME, resumeFrames, resumePoints } from './resume';

const run = (actions: MessagesAction[]) => actions.reduce(messagesReducer, initialMessagesState);

describe('resume', () => {
  it('asks for every loaded room from the change it is caught up to', () => {
    const s = run([
      { type: 'history', roomId: 'r1', messages: [msg(3), msg(2)], nextCursor: null, page: 'latest' },
      { type: 'updated', message: msg(2, { changeSeq: 7, content: 'edited' }), myUserId: 'me' },
      // a live message for a room never opened: nothing to resume there, its first page loads on open
      { type: 'received', message: msg(1, { roomId: 'r2', messageId: 'x' }) },
    ]);
    expect(resumePoints(s)).toEqual([{ roomId: 'r1', afterSeq: 7 }]);
  });

  it('splits many rooms into frames of at most 50', () => {
    const points = Array.from({ length: 120 }, (_, i) => ({ roomId: `r${i}`, afterSeq: i }));
    const frames = resumeFrames(points);
    expect(frames.map((f) => (f.action === 'resume' ? f.rooms.length : 0))).toEqual([50, 50, 20]);
    expect(frames[0]).toMatchObject({ action: 'resume', limit: 200 });
    expect(resumeFrames([])).toEqual([]);
    expect(RESUME_ROOMS_PER_FRAME).toBe(50);
  });

  it('a gap drops the room so its newest page loads again', () => {
    let s = run([{ type: 'history', roomId: 'r1', messages: [msg(3)], nextCursor: 'c', page: 'latest' }]);
    s = messagesReducer(s, { type: 'removeRoom', roomId: 'r1' });
    expect(resumePoints(s)).toEqual([]);
  });
});
