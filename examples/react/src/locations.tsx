import { createContext, useContext, useSyncExternalStore, type ReactElement, type ReactNode } from 'react';
import type { Locations } from 'turso-groups-store';
import type { LocationsFeed, LocationsState } from '../../shared/locationsFeed.js';

export { locationLabel } from '../../shared/locationsFeed.js';

const LocationsContext = createContext<LocationsFeed | undefined>(undefined);

/** Hands down the page's {@link LocationsFeed}, which reads the locations and reads them again after a failure. */
export function LocationsProvider({ feed, children }: { readonly feed: LocationsFeed; readonly children?: ReactNode }): ReactElement {
  return <LocationsContext.Provider value={feed}>{children}</LocationsContext.Provider>;
}

export function useLocationsFeed(): LocationsFeed {
  const feed = useContext(LocationsContext);
  if (!feed) throw new Error('useLocationsFeed() must be called below a <LocationsProvider>');
  return feed;
}

/** Whether the locations are there, on their way, or failed (and why). */
export function useLocationsState(): LocationsState {
  const feed = useLocationsFeed();
  return useSyncExternalStore(feed.subscribe, feed.getSnapshot);
}

/** The locations the API offers (key → name); `undefined` until they arrive. */
export function useLocations(): Locations | undefined {
  return useLocationsState().locations;
}
