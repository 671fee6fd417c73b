import { getContext } from 'svelte';
import type { GroupsStore } from 'turso-groups-store';
import type { LocationsFeed } from '../../shared/locationsFeed.js';
import type { Toasts } from '../../shared/toasts.js';

// What the Svelte dashboard's components share, through context: the store,
// the locations the API offers, the page's toasts, and the organizations
// (the page's own, and the others Transfer may offer). The shared
// LocationsFeed and Toasts follow Svelte's store contract, so `$locations`
// and `$toasts` read them.

const STORE = Symbol('store');
const LOCATIONS = Symbol('locations');
const TOAST = Symbol('toast');
const ORGANIZATIONS = Symbol('organizations');

/** The page's organization, and the others its server's token reaches: where Transfer may move a group. */
export interface Organizations {
  readonly org: string;
  readonly otherOrgs: readonly string[];
}

/** The context the app is mounted with (`mount(App, { context })`). */
export function dashboardContext(store: GroupsStore, locations: LocationsFeed, toasts: Toasts, organizations: Organizations): Map<symbol, unknown> {
  return new Map<symbol, unknown>([
    [STORE, store],
    [LOCATIONS, locations],
    [TOAST, toasts],
    [ORGANIZATIONS, organizations],
  ]);
}

export const useStore = (): GroupsStore => getContext<GroupsStore>(STORE);
/** The locations feed: `$feed` is its state; `feed.retry()` reads them again after a failure. */
export const useLocations = (): LocationsFeed => getContext<LocationsFeed>(LOCATIONS);
/** The page's toasts: `$toasts` is the list shown; `failure(error)`, `success`, `show(text)`, `dismiss(id)`. */
export const useToast = (): Toasts => getContext<Toasts>(TOAST);

export const useOrganizations = (): Organizations => getContext<Organizations>(ORGANIZATIONS);

export { messageOf } from '../../shared/failureText.js';
export { locationLabel } from '../../shared/locationsFeed.js';
