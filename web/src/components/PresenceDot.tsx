/** A green (online) or hollow (offline) dot, with its meaning as text for screen readers. */
export function PresenceDot({ online }: { online: boolean }) {
  return (
    <span className={`presence-dot${online ? ' online' : ''}`} data-testid="presence-dot" data-online={online}>
      <span className="sr-only">{online ? 'online' : 'offline'}</span>
    </span>
  );
}
