import type { ConnectionState } from '../api/ws';

export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <span className={`conn conn-${state}`} role="status" aria-label={`Connection: ${state}`}>
      <span className="conn-dot" aria-hidden="true" />
      <span data-testid="connection-status">{state}</span>
    </span>
  );
}
