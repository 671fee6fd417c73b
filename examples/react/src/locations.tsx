import { createContext, useContext, useEffect, useState, type ReactElement, type ReactNode } from 'react';
import type { Locations } from 'turso-groups-store';
import { messageOf, useToast } from './toast.js';

const LocationsContext = createContext<Locations | undefined>(undefined);

export interface LocationsProviderProps {
  /** Asks the API for its locations (`listLocations`); the signal aborts a request no longer wanted. */
  readonly listLocations: (signal: AbortSignal) => Promise<Locations>;
  readonly children?: ReactNode;
}

/**
 * Asks for the locations once and hands them down. A failure goes to the
 * toast: the groups still work, only the location choices stay empty.
 */
export function LocationsProvider({ listLocations, children }: LocationsProviderProps): ReactElement {
  const [locations, setLocations] = useState<Locations | undefined>(undefined);
  const toast = useToast();
  useEffect(() => {
    const controller = new AbortController();
    listLocations(controller.signal).then(setLocations, (error: unknown) => {
      // StrictMode's first run is aborted by its cleanup: nothing to tell.
      if (!controller.signal.aborted) toast.show(`Could not list locations: ${messageOf(error)}`);
    });
    return () => controller.abort();
  }, [listLocations, toast]);
  return <LocationsContext.Provider value={locations}>{children}</LocationsContext.Provider>;
}

/** The locations the API offers (key → name); `undefined` until they arrive, or when they could not be read. */
export function useLocations(): Locations | undefined {
  return useContext(LocationsContext);
}

/** `lhr` → `lhr · London, United Kingdom`, or the key alone when its name is unknown. */
export function locationLabel(locations: Locations | undefined, key: string): string {
  const name = locations?.[key];
  return name === undefined ? key : `${key} · ${name}`;
}
