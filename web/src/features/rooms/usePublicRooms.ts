import { useCallback, useState } from 'react';
import type { RestClient } from '../../api/rest';
import type { Room } from '../../api/types';
import { errorText } from '../../format';

/** The public rooms directory, fetched when the user browses it. */
export function usePublicRooms(rest: RestClient, toast: (text: string) => void) {
  const [publicRooms, setPublicRooms] = useState<Room[] | null>(null);
  const [loading, setLoading] = useState(false);

  const browse = useCallback(async () => {
    setLoading(true);
    try {
      setPublicRooms(await rest.listPublicRooms());
    } catch (err) {
      toast(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [rest, toast]);

  return { publicRooms, loading, browse };
}
