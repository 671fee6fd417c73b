import { onScopeDispose, shallowRef, type Ref } from 'vue';
import type { GroupsStore, StoreEvent } from 'turso-groups-store';
import { createEventDescriber, EVENT_LOG_LIMIT } from '../../../shared/describeEvent.js';

export interface LoggedEvent {
  /** Unique across the log, for `v-for` keys (an event's `id` is its command's, shared by its start and end). */
  readonly key: number;
  readonly at: Date;
  readonly event: StoreEvent;
  /** The event in words, written when it came (a mutation's location is read from the store then). */
  readonly text: string;
}

/**
 * The store's `events$`, newest first, at most {@link EVENT_LOG_LIMIT}. Call
 * it in setup(): the subscription closes with the component. Events are not
 * replayed, so the log starts when the component does.
 */
export function useEventLog(store: GroupsStore): Readonly<Ref<readonly LoggedEvent[]>> {
  const entries = shallowRef<readonly LoggedEvent[]>([]);
  const describe = createEventDescriber(store);
  let next = 0;
  const subscription = store.events$.subscribe((event) => {
    entries.value = [{ key: next++, at: new Date(), event, text: describe(event) }, ...entries.value].slice(0, EVENT_LOG_LIMIT);
  });
  onScopeDispose(() => subscription.unsubscribe());
  return entries;
}
