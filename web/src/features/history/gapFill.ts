import type { Message, MessagePage } from '../../api/types';

export type PageFetcher = (cursor: string | null) => Promise<MessagePage>;

/**
 * Fetch the latest page, and keep following nextCursor until the fetched
 * messages overlap what we already have (seq <= knownMaxSeq + 1), so a gap left
 * by a disconnect is filled. Bounded by maxPages.
 */
export async function fetchLatestFillingGap(
  fetchPage: PageFetcher,
  knownMaxSeq: number,
  maxPages = 5,
): Promise<{ messages: Message[]; nextCursor: string | null; pages: number; overlapped: boolean }> {
  const all: Message[] = [];
  let cursor: string | null = null;
  let nextCursor: string | null = null;
  let pages = 0;
  let overlapped = knownMaxSeq <= 0;
  do {
    const page = await fetchPage(cursor);
    pages++;
    all.push(...page.messages);
    nextCursor = page.nextCursor;
    cursor = page.nextCursor;
    if (knownMaxSeq <= 0) break; // nothing known yet: one page is enough
    const oldest = page.messages.reduce((min, m) => Math.min(min, m.seq), Infinity);
    if (oldest <= knownMaxSeq + 1 || !page.nextCursor) {
      overlapped = true;
      break;
    }
  } while (cursor && pages < maxPages);
  return { messages: all, nextCursor, pages, overlapped };
}
