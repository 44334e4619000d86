import { describe, expect, it, vi } from 'vitest';
import type { Message, MessagePage } from '../../api/types';
import { fetchLatestFillingGap } from './gapFill';

const m = (seq: number) => ({ messageId: `m${seq}`, seq }) as Message;

function pages(total: number, size: number) {
  // newest first, cursor = index of the next page
  return vi.fn(async (cursor: string | null): Promise<MessagePage> => {
    const start = cursor ? Number(cursor) : 0;
    const seqs = Array.from({ length: total }, (_, i) => total - i).slice(start, start + size);
    const next = start + size < total ? String(start + size) : null;
    return { messages: seqs.map(m), nextCursor: next };
  });
}

describe('fetchLatestFillingGap', () => {
  it('fetches one page when nothing is known', async () => {
    const f = pages(100, 10);
    const r = await fetchLatestFillingGap(f, 0);
    expect(f).toHaveBeenCalledTimes(1);
    expect(r.messages).toHaveLength(10);
    expect(r.overlapped).toBe(true);
  });

  it('follows cursors until it reaches known messages', async () => {
    const f = pages(100, 10);
    const r = await fetchLatestFillingGap(f, 75);
    // pages: 100-91, 90-81, 80-71 (overlaps 75)
    expect(f).toHaveBeenCalledTimes(3);
    expect(r.overlapped).toBe(true);
  });

  it('gives up after maxPages without overlap', async () => {
    const f = pages(100, 10);
    const r = await fetchLatestFillingGap(f, 5, 3);
    expect(f).toHaveBeenCalledTimes(3);
    expect(r.overlapped).toBe(false);
    expect(r.nextCursor).toBe('30');
  });
});
