import { describe, expect, it } from 'vitest';
import { msg } from '../../testing/messages';
import { initialMessagesState, messagesReducer, selectRoom, type MessagesAction } from './messages';
import { RESUME_ROOMS_PER_FRAME, SETTLE_MS, noteArrival, resumeFrom, resumeFrames, resumePoints, type ArrivalLog } from './resume';

const run = (actions: MessagesAction[]) => actions.reduce(messagesReducer, initialMessagesState);
const S = 1_000;

describe('resume point', () => {
  it('is the highest change that arrived at least 30 s before the drop (0 if none)', () => {
    let log: ArrivalLog = [];
    log = noteArrival(log, 5, 0);
    log = noteArrival(log, 9, 20 * S);
    log = noteArrival(log, 12, 40 * S);
    expect(resumeFrom(log, 29 * S)).toBe(0);
    expect(resumeFrom(log, 30 * S)).toBe(5);
    expect(resumeFrom(log, 55 * S)).toBe(9);
    expect(resumeFrom(log, 70 * S)).toBe(12);
  });

  it('does not skip a lower change that lands after a higher one', () => {
    // seq 8 was taken before 9 but stored after it: 9 arrives at t=0, 8 at t=10 s
    const s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(7)], nextCursor: null, page: 'latest' },
      { type: 'received', at: 0, message: msg(9) },
      { type: 'received', at: 10 * S, message: msg(8) },
    ]);
    // dropped 20 s after 9 arrived: 9 is not settled yet, so 8 (in flight then) is asked for again,
    // from just below the oldest message held (older ones come with older pages)
    expect(resumePoints(s, 20 * S)).toEqual([{ roomId: 'r1', afterSeq: 6 }]);
    // a drop 30 s after 9 arrived: whatever was in flight below 9 has landed since
    expect(resumePoints(s, 30 * S)).toEqual([{ roomId: 'r1', afterSeq: 9 }]);
  });

  it('a late lower change never lowers the point nor keeps a settled one from counting', () => {
    let log: ArrivalLog = noteArrival([], 9, 0);
    const same = noteArrival(log, 8, 5 * S);
    expect(same).toBe(log);
    log = noteArrival(log, 10, 50 * S);
    expect(resumeFrom(log, 60 * S)).toBe(9);
  });

  it('keeps only the newest settled arrival and those of the last 30 s', () => {
    let log: ArrivalLog = [];
    for (let i = 1; i <= 100; i++) log = noteArrival(log, i, i * S);
    expect(log.length).toBeLessThanOrEqual(SETTLE_MS / S + 1);
    expect(log[0]).toEqual({ seq: 70, at: 70 * S });
    expect(resumeFrom(log, 100 * S)).toBe(70);
    expect(resumeFrom(log, 130 * S)).toBe(100);
  });

  it('a resumed page counts up to its upToSeq, from when it arrived', () => {
    const s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(4)], nextCursor: null, page: 'latest' },
      { type: 'resumed', at: S, roomId: 'r1', changes: [msg(6)], upToSeq: 11 },
    ]);
    expect(resumeFrom(selectRoom(s, 'r1').arrivals, SETTLE_MS)).toBe(4);
    expect(resumeFrom(selectRoom(s, 'r1').arrivals, S + SETTLE_MS)).toBe(11);
  });
});

describe('resume frames', () => {
  it('asks for every loaded room from its resume point', () => {
    const s = run([
      { type: 'history', at: 0, roomId: 'r1', messages: [msg(3), msg(2)], nextCursor: null, page: 'latest' },
      { type: 'updated', at: 0, message: msg(2, { changeSeq: 7, content: 'edited' }), myUserId: 'me' },
      // a live message for a room never opened: nothing to resume there, its first page loads on open
      { type: 'received', at: 0, message: msg(1, { roomId: 'r2', messageId: 'x' }) },
    ]);
    expect(resumePoints(s, SETTLE_MS)).toEqual([{ roomId: 'r1', afterSeq: 7 }]);
  });

  it('a page loaded just before the first connect resumes from its oldest message, not the whole room', () => {
    const s = run([{ type: 'history', at: 0, roomId: 'r1', messages: [msg(51), msg(52)], nextCursor: 'older', page: 'latest' }]);
    expect(resumePoints(s, 1 * S)).toEqual([{ roomId: 'r1', afterSeq: 50 }]);
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
    let s = run([{ type: 'history', at: 0, roomId: 'r1', messages: [msg(3)], nextCursor: 'c', page: 'latest' }]);
    s = messagesReducer(s, { type: 'removeRoom', roomId: 'r1' });
    expect(resumePoints(s, SETTLE_MS)).toEqual([]);
  });
});
