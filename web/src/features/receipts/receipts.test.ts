import { describe, expect, it } from 'vitest';
import { msg } from '../../testing/messages';
import { deliveryFrames, messageReceipt, noteDelivered, raiseMarks, receiptText } from './receipts';

const mark = (userId: string, deliveredSeq: number, readSeq: number | null) => ({ userId, deliveredSeq, readSeq });

describe('receipt marks', () => {
  it('only move forward', () => {
    let marks = raiseMarks({}, [mark('bob', 5, 3)]);
    marks = raiseMarks(marks, [mark('bob', 4, 2)]); // a late event
    expect(marks.bob).toEqual(mark('bob', 5, 3));
    marks = raiseMarks(marks, [mark('bob', 9, 8)]);
    expect(marks.bob).toEqual(mark('bob', 9, 8));
    expect(raiseMarks(marks, [mark('bob', 9, 8)])).toBe(marks);
  });

  it('a member who turned receipts off shows no read mark', () => {
    const marks = raiseMarks(raiseMarks({}, [mark('bob', 5, 5)]), [mark('bob', 6, null)]);
    expect(marks.bob).toEqual(mark('bob', 6, null));
  });

  it('give each of my messages delivered and read counts over the other members', () => {
    // alice (u1) wrote seqs 3 and 6; bob read up to 4, carol has 6 delivered, dave nothing
    const marks = raiseMarks({}, [mark('u1', 6, 6), mark('bob', 4, 4), mark('carol', 6, 2), mark('dave', 0, 0)]);
    expect(messageReceipt(msg(3), marks)).toEqual({ total: 3, delivered: 2, read: 1 });
    expect(messageReceipt(msg(6), marks)).toEqual({ total: 3, delivered: 1, read: 0 });
    expect(receiptText(messageReceipt(msg(3), marks))).toBe('Read by 1 of 3');
    expect(receiptText(messageReceipt(msg(6), marks))).toBe('Delivered to 1 of 3');
    expect(receiptText(messageReceipt(msg(7), marks))).toBe('Sent');
    const allRead = raiseMarks(marks, [mark('carol', 6, 6), mark('dave', 6, 6)]);
    expect(receiptText(messageReceipt(msg(3), allRead))).toBe('Read by everyone');
  });

  it('batches the highest seq per room into frames of at most 50 rooms', () => {
    let batch = noteDelivered({}, 'r1', 4);
    batch = noteDelivered(batch, 'r1', 2);
    batch = noteDelivered(batch, 'r2', 7);
    expect(deliveryFrames(batch)).toEqual([[{ roomId: 'r1', seq: 4 }, { roomId: 'r2', seq: 7 }]]);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`r${i}`, i + 1]));
    expect(deliveryFrames(many).map((f) => f.length)).toEqual([50, 1]);
  });
});
