/** A visually hidden polite live region: screen readers read each new text once. */
export function LiveAnnouncer({ text }: { text: string }) {
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
      {text}
    </div>
  );
}
