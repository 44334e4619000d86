import { useCallback, useEffect, useState } from 'react';
import { AuthClient } from '../api/auth';
import { loadConfig } from '../api/config';
import type { AppConfig } from '../api/types';
import { ChatScreen } from './ChatScreen';
import { Login } from './Login';

type Boot =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; config: AppConfig; auth: AuthClient };

export function App() {
  const [boot, setBoot] = useState<Boot>({ status: 'loading' });
  const [loggedIn, setLoggedIn] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const start = useCallback(() => {
    setBoot({ status: 'loading' });
    loadConfig()
      .then((config) => {
        const auth = new AuthClient({ cognitoEndpoint: config.cognitoEndpoint, clientId: config.clientId });
        setLoggedIn(auth.isLoggedIn());
        setBoot({ status: 'ready', config, auth });
      })
      .catch((err: unknown) =>
        setBoot({ status: 'error', message: err instanceof Error ? err.message : 'Could not start the app.' }),
      );
  }, []);

  useEffect(start, [start]);

  useEffect(() => {
    if (boot.status !== 'ready') return;
    const { auth } = boot;
    let was = auth.isLoggedIn();
    const off = auth.onChange((tokens) => {
      const now = tokens !== null;
      if (was && !now) setNotice('You have been signed out. Please sign in again.');
      if (now) setNotice(null);
      was = now;
      setLoggedIn(now);
    });
    return () => {
      off();
    };
  }, [boot]);

  if (boot.status === 'loading') {
    return (
      <main className="boot" aria-busy="true">
        <p className="muted">Loading Cloud Chat…</p>
      </main>
    );
  }
  if (boot.status === 'error') {
    return (
      <main className="boot">
        <div className="card" role="alert">
          <h1>Cloud Chat is unavailable</h1>
          <p>{boot.message}</p>
          <button type="button" className="btn btn-primary" onClick={start}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!loggedIn) return <Login auth={boot.auth} notice={notice} />;
  return <ChatScreen config={boot.config} auth={boot.auth} />;
}
