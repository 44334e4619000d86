import type { AuthClient } from '../../api/auth';

/**
 * Sign out: the server revokes the refresh token and closes this user's sockets
 * (`everywhere`: every device's), then the tokens are dropped here whatever the server
 * answered, so an unreachable server never keeps anyone signed in on this device.
 */
export async function signOut(
  auth: Pick<AuthClient, 'getTokens' | 'logout'>,
  rest: { logout(refreshToken: string, everywhere: boolean): Promise<unknown> },
  everywhere = false,
): Promise<void> {
  const tokens = auth.getTokens();
  try {
    if (tokens) await rest.logout(tokens.refreshToken, everywhere);
  } catch {
    /* signed out locally all the same */
  } finally {
    auth.logout();
  }
}
