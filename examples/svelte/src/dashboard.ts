import { getContext } from 'svelte';
import type { GroupsStore } from 'turso-groups-store';
import type { LocationsFeed } from '../../shared/locationsFeed.js';
import type { Toasts } from '../../shared/toasts.js';

// What the Svelte dashboard's components share, through context: the store,
// the locations the API offers, and the page's toasts. The shared
// LocationsFeed and Toasts follow Svelte's store contract, so `$locations`
// and `$toasts` read them.

const STORE = Symbol('store');
const LOCATIONS = Symbol('locations');
const TOAST = Symbol('toast');

/** The context the app is mounted with (`mount(App, { context })`). */
export function dashboardContext(store: GroupsStore, locations: LocationsFeed, toasts: Toasts): Map<symbol, unknown> {
  return new Map<symbol, unknown>([
    [STORE, store],
    [LOCATIONS, locations],
    [TOAST, toasts],
  ]);
}

export const useStore = (): GroupsStore => getContext<GroupsStore>(STORE);
/** The locations feed: `$feed` is its state; `feed.retry()` reads them again after a failure. */
export const useLocations = (): LocationsFeed => getContext<LocationsFeed>(LOCATIONS);
/** The page's toasts: `$toasts` is the list shown; `failure(error)`, `success`, `show(text)`, `dismiss(id)`. */
export const useToast = (): Toasts => getContext<Toasts>(TOAST);

export { messageOf } from '../../shared/failureText.js';
export { locationLabel } from '../../shared/locationsFeed.js';
