import type { ActionFrame, ResumeRoom } from '../../api/ws';
import type { MessagesState } from './messages';

/** The contract's bounds: 1–50 rooms per frame, up to 500 changes per room (200 by default). */
export const RESUME_ROOMS_PER_FRAME = 50;
export const RESUME_LIMIT = 200;

/** The rooms this tab holds a history for, each from the change it is caught up to. */
export function resumePoints(state: MessagesState): ResumeRoom[] {
  return Object.entries(state.rooms)
    .filter(([, room]) => room.loaded)
    .map(([roomId, room]) => ({ roomId, afterSeq: room.syncedSeq }));
}

/** `resume` frames asking for everything after each point, in as few frames as allowed. */
export function resumeFrames(points: ResumeRoom[]): ActionFrame[] {
  const frames: ActionFrame[] = [];
  for (let i = 0; i < points.length; i += RESUME_ROOMS_PER_FRAME) {
    frames.push({ action: 'resume', rooms: points.slice(i, i + RESUME_ROOMS_PER_FRAME), limit: RESUME_LIMIT });
  }
  return frames;
}
