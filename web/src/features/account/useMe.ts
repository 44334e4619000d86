import { useCallback, useEffect, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { Me } from '../../api/types';
import { errorText } from '../../format';

/** The signed-in user, fetched once per screen, and their settings. */
export function useMe(rest: RestClient, toast: (text: string) => void) {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    let cancelled = false;
    rest
      .me()
      .then((m) => !cancelled && setMe(m))
      .catch((err: unknown) => !cancelled && toast(errorText(err)));
    return () => {
      cancelled = true;
    };
  }, [rest, toast]);

  /** Whether others see how far I have read; shown once the server confirms it. */
  const setSendReceipts = useCallback(
    async (sendReceipts: boolean) => {
      try {
        await rest.updateSettings({ sendReceipts });
        setMe((m) => m && { ...m, settings: { ...m.settings, sendReceipts } });
      } catch (err) {
        toast(errorText(err));
      }
    },
    [rest, toast],
  );

  return { me, setSendReceipts };
}
