/**
 * Delivery and read states. The server keeps one pair of high-water marks per member
 * and room; a message's state follows from comparing its seq with every other
 * member's marks, so nothing is stored per message.
 */
import type { Message, Receipt } from '../../api/types';

/** Members' marks in one room, by userId. */
export type Marks = Record<string, Receipt>;

/** Apply reported marks; they only ever move forward (events may arrive out of order). A null readSeq hides it. */
export function raiseMarks(marks: Marks, reported: Receipt[]): Marks {
  let next = marks;
  for (const r of reported) {
    const known = marks[r.userId];
    const deliveredSeq = Math.max(known?.deliveredSeq ?? 0, r.deliveredSeq);
    const readSeq = r.readSeq === null ? null : Math.max(known?.readSeq ?? 0, r.readSeq);
    if (known && known.deliveredSeq === deliveredSeq && known.readSeq === readSeq) continue;
    if (next === marks) next = { ...marks };
    next[r.userId] = { userId: r.userId, deliveredSeq, readSeq };
  }
  return next;
}

export interface MessageReceipt {
  /** members other than the author */
  total: number;
  delivered: number;
  read: number;
}

/** How far my message got: delivered to / read by how many of the other members (reading implies delivery). */
export function messageReceipt(m: Message, marks: Marks): MessageReceipt {
  let total = 0;
  let delivered = 0;
  let read = 0;
  for (const r of Object.values(marks)) {
    if (r.userId === m.userId) continue;
    total++;
    const hasRead = r.readSeq !== null && r.readSeq >= m.seq;
    if (hasRead) read++;
    if (hasRead || r.deliveredSeq >= m.seq) delivered++;
  }
  return { total, delivered, read };
}

export function receiptText({ total, delivered, read }: MessageReceipt): string {
  if (total === 0) return 'Sent';
  if (read > 0) return read === total ? 'Read by everyone' : `Read by ${read} of ${total}`;
  if (delivered > 0) return `Delivered to ${delivered} of ${total}`;
  return 'Sent';
}

/** Seqs received per room, waiting for the next batched ackDelivered. */
export type DeliveryBatch = Record<string, number>;

export function noteDelivered(batch: DeliveryBatch, roomId: string, seq: number): DeliveryBatch {
  return seq > (batch[roomId] ?? 0) ? { ...batch, [roomId]: seq } : batch;
}

/** The ackDelivered frames for a batch: 1–50 rooms each. */
export function deliveryFrames(batch: DeliveryBatch): { roomId: string; seq: number }[][] {
  const rooms = Object.entries(batch).map(([roomId, seq]) => ({ roomId, seq }));
  const frames = [];
  for (let i = 0; i < rooms.length; i += 50) frames.push(rooms.slice(i, i + 50));
  return frames;
}
