import { computed, inject, provide, type ComputedRef, type InjectionKey, type ShallowRef } from 'vue';
import type { Locations } from 'turso-groups-store';
import type { LocationsFeed, LocationsState } from '../../../shared/locationsFeed.js';
import { useExternal } from './useExternal.js';

export { locationLabel } from '../../../shared/locationsFeed.js';

const LOCATIONS_KEY: InjectionKey<LocationsFeed> = Symbol('locations');

/** Provides the page's {@link LocationsFeed} (made in main.ts) to this component's descendants. */
export function provideLocations(feed: LocationsFeed): void {
  provide(LOCATIONS_KEY, feed);
}

export function useLocationsFeed(): LocationsFeed {
  const feed = inject(LOCATIONS_KEY, null);
  if (feed === null) throw new Error('useLocationsFeed(): no locations were provided; call provideLocations() in the root component');
  return feed;
}

/** Whether the locations are there, on their way, or failed (and why). */
export function useLocationsState(): Readonly<ShallowRef<LocationsState>> {
  return useExternal(useLocationsFeed());
}

/** The locations the API offers (key → name), `undefined` until they arrive. */
export function useLocations(): ComputedRef<Locations | undefined> {
  const state = useLocationsState();
  return computed(() => state.value.locations);
}
