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

/** The text to show for a failed request: our errors carry a user-facing message. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : 'Something went wrong.';
}
