import { useCallback, useEffect, useState } from 'react';
import type { RestClient } from '../../api/rest';
import { errorText } from '../../format';
import { blockedIds, withBlocked } from './blocks';

/** Who I blocked (listed once), and blocking or unblocking someone from the member list. */
export function useBlocks(rest: RestClient, toast: (text: string) => void) {
  const [blocked, setBlocked] = useState<ReadonlySet<string>>(() => new Set());

  useEffect(() => {
    let live = true;
    rest
      .blocks()
      .then((list) => live && setBlocked(blockedIds(list)))
      .catch((err: unknown) => toast(errorText(err)));
    return () => {
      live = false;
    };
  }, [rest, toast]);

  const setBlock = useCallback(
    async (userId: string, block: boolean) => {
      try {
        if (block) await rest.block(userId);
        else await rest.unblock(userId);
        setBlocked((ids) => withBlocked(ids, userId, block));
      } catch (err) {
        toast(errorText(err));
      }
    },
    [rest, toast],
  );

  return { blocked, setBlock };
}
