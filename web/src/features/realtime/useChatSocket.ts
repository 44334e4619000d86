import { useCallback, useEffect, useMemo, useState } from 'react';
import { AuthError, type AuthClient } from '../../api/auth';
import type { RestClient } from '../../api/rest';
import type { AppConfig } from '../../api/types';
import { ChatSocket, type ChatSocketEvents, type ConnectionState } from '../../api/ws';
import { serverErrorText } from '../../format';

/**
 * Subscribe to one socket event for as long as the component is mounted. A new
 * handler re-subscribes, so handlers read current state from their closure
 * instead of from ref mirrors.
 */
export function useSocketEvent<K extends keyof ChatSocketEvents>(
  socket: ChatSocket,
  event: K,
  handler: (payload: ChatSocketEvents[K]) => void,
): void {
  useEffect(() => socket.on(event, handler), [socket, event, handler]);
}

/**
 * The screen's one socket: started on mount, stopped on unmount, retried at once when
 * the browser comes back online, each (re)connect with a fresh ticket from the REST API.
 * A socket the server closes (sign-out elsewhere, a role change, an expired token) simply
 * reconnects; when no ticket is granted any more, the REST client's 401 handler signs the
 * user out, as does a token Cognito rejects. Server errors become toasts.
 */
export function useChatSocket(
  config: AppConfig,
  auth: AuthClient,
  rest: Pick<RestClient, 'ticket'>,
  toast: (text: string) => void,
) {
  const socket = useMemo(
    () => new ChatSocket({ url: config.wsUrl, getTicket: async () => (await rest.ticket()).ticket }),
    [config, rest],
  );
  const [conn, setConn] = useState<ConnectionState>(socket.state === 'offline' ? 'connecting' : socket.state);

  useSocketEvent(socket, 'state', setConn);
  useSocketEvent(
    socket,
    'error',
    useCallback((e: ChatSocketEvents['error']) => toast(serverErrorText(e)), [toast]),
  );
  useSocketEvent(
    socket,
    'authError',
    useCallback(
      (err: unknown) => {
        if (err instanceof AuthError && (err.type === 'NotAuthorizedException' || err.type === 'NotAuthenticated')) {
          auth.logout();
        }
      },
      [auth],
    ),
  );

  useEffect(() => {
    socket.start();
    const onOnline = () => socket.reconnectNow();
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('online', onOnline);
      socket.stop();
    };
  }, [socket]);

  return { socket, conn };
}
