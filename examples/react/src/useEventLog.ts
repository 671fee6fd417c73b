import { useLayoutEffect, useRef, useState } from 'react';
import type { GroupsStore, StoreEvent } from 'turso-groups-store';
import { createEventDescriber, EVENT_LOG_LIMIT } from '../../shared/describeEvent.js';

export interface LoggedEvent {
  /** Unique across the log, for React keys (an event's `id` is its command's, shared by its start and its end). */
  readonly key: number;
  readonly at: Date;
  readonly event: StoreEvent;
  /** The event in words, written when it came (a mutation's location is read from the store then). */
  readonly text: string;
}

/**
 * The store's `events$`, newest first, at most {@link EVENT_LOG_LIMIT}.
 * Events are not replayed, so the log starts when the component mounts:
 * with a layout effect, which React runs before every passive effect of the
 * same commit, so the list's first load (`useLoad`, a passive effect
 * elsewhere in the tree) is logged from its start.
 */
export function useEventLog(store: GroupsStore): readonly LoggedEvent[] {
  const [entries, setEntries] = useState<readonly LoggedEvent[]>([]);
  const nextKey = useRef(0);
  useLayoutEffect(() => {
    const describe = createEventDescriber(store);
    const subscription = store.events$.subscribe((event) => {
      // Made outside the updater, which StrictMode calls twice.
      const entry: LoggedEvent = { key: nextKey.current++, at: new Date(), event, text: describe(event) };
      setEntries((current) => [entry, ...current].slice(0, EVENT_LOG_LIMIT));
    });
    return () => subscription.unsubscribe();
  }, [store]);
  return entries;
}
