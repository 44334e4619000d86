import { useEffect, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { Me } from '../../api/types';
import { errorText } from '../../format';

/** The signed-in user, fetched once per screen. */
export function useMe(rest: RestClient, toast: (text: string) => void): Me | null {
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
  return me;
}
