import type { ActionFrame, ResumeRoom } from '../../api/ws';
import type { MessagesState } from './messages';

/** The contract's bounds: 1–50 rooms per frame, up to 500 changes per room (200 by default). */
export const RESUME_ROOMS_PER_FRAME = 50;
export const RESUME_LIMIT = 200;

/**
 * How long a change may be in flight: it takes its seq before it is stored, within one
 * Lambda invocation (under 30 s), so a lower seq can land after a higher one. Resume
 * starts from the highest change that reached us at least this long before the drop.
 */
export const SETTLE_MS = 30_000;

/** A change seq and when it reached this tab (epoch ms). */
export interface Arrival {
  seq: number;
  at: number;
}

/**
 * A room's arrivals, as few as answer every later drop: seqs strictly increase in
 * arrival order (a lower seq arriving later is settled no earlier than the higher one
 * before it, so it never raises the resume point), and of the entries settled by `at`
 * only the last is kept.
 */
export type ArrivalLog = Arrival[];

/** Record that changes up to `seq` reached this tab at `at` (events arrive in time order). */
export function noteArrival(log: ArrivalLog, seq: number, at: number): ArrivalLog {
  const last = log[log.length - 1];
  if (seq <= 0 || (last && last.seq >= seq)) return log;
  const next = [...log, { seq, at }];
  let settled = 0;
  while (settled + 1 < next.length && next[settled + 1]!.at <= at - SETTLE_MS) settled++;
  return settled ? next.slice(settled) : next;
}

/** Where to resume after a drop at `droppedAt`: the highest seq that arrived at least SETTLE_MS before it (0 if none). */
export function resumeFrom(log: ArrivalLog, droppedAt: number): number {
  let point = 0;
  for (const { seq, at } of log) {
    if (at > droppedAt - SETTLE_MS) break;
    point = seq;
  }
  return point;
}

/**
 * The rooms this tab holds a history for, each from its resume point for a drop at `droppedAt`,
 * but never below the oldest message held: what is older is not shown, and the next older page
 * (REST, current state) brings it. Without this floor, a page loaded less than 30 s before the
 * socket opened would replay the whole room.
 */
export function resumePoints(state: MessagesState, droppedAt: number): ResumeRoom[] {
  return Object.entries(state.rooms)
    .filter(([, room]) => room.loaded)
    .map(([roomId, room]) => ({
      roomId,
      afterSeq: Math.max(resumeFrom(room.arrivals, droppedAt), (room.messages[0]?.seq ?? 1) - 1),
    }));
}

/** `resume` frames asking for everything after each point, in as few frames as allowed. */
export function resumeFrames(points: ResumeRoom[]): ActionFrame[] {
  const frames: ActionFrame[] = [];
  for (let i = 0; i < points.length; i += RESUME_ROOMS_PER_FRAME) {
    frames.push({ action: 'resume', rooms: points.slice(i, i + RESUME_ROOMS_PER_FRAME), limit: RESUME_LIMIT });
  }
  return frames;
}
