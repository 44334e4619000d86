import { ApiError } from './api/rest';

export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const now = new Date();
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function snippet(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Length in code points (what the server counts), not UTF-16 units. */
export function charCount(text: string): number {
  return Array.from(text).length;
}

export function roomLabel(room: { name: string; kind: string }): string {
  if (room.name) return room.name;
  return room.kind === 'dm' ? 'Direct message' : 'Untitled room';
}

/** A rate limit's answer, with the wait the server asked for (REST `Retry-After`, WebSocket `retryAfter`). */
export function rateLimitText(retryAfter?: number): string {
  if (retryAfter === undefined || !(retryAfter > 0)) return 'Too many requests. Please slow down and try again.';
  const wait = retryAfter < 120 ? `${Math.ceil(retryAfter)} s` : `${Math.ceil(retryAfter / 60)} min`;
  return `Too many requests. Please try again in ${wait}.`;
}

/** The text for a server error (REST body or WebSocket `error` event). */
export function serverErrorText(e: { code: string; message: string; retryAfter?: number }): string {
  return e.code === 'rate_limited' ? rateLimitText(e.retryAfter) : e.message || e.code;
}

/** The text to show for a failed request: our errors carry a user-facing message. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return serverErrorText(err);
  return err instanceof Error ? err.message : 'Something went wrong.';
}
