import { Observable } from 'rxjs';
import { isGroupsError } from '../errors.js';
import { FEED_OFF, type FeedStatus } from './feedStatus.js';
import type { Reads } from './reads.js';
import type { FeedReads } from './storeFeed.js';

/** `feed$` of a store without the `changes` option: `off`, and nothing more. */
export const FEED_OFF$: Observable<FeedStatus> = new Observable<FeedStatus>((subscriber) => {
  subscriber.next(FEED_OFF);
  subscriber.complete();
});

/** The change feed's re-reads, going through the store's own reads (shared, stamped, folded as any other). */
export function feedReads(reads: Reads): FeedReads {
  return {
    list: (notBefore: number) => reads.list(undefined, true, notBefore),
    // A 404 is an answer: the group is absent, and the read folded that in.
    retrieve: (name: string, notBefore: number) =>
      reads.retrieve(name, undefined, notBefore).catch((error: unknown) => {
        if (!(isGroupsError(error) && error.code === 'not_found')) throw error;
      }),
  };
}
