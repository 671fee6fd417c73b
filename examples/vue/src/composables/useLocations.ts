import { inject, provide, shallowRef, type InjectionKey, type Ref } from 'vue';
import type { Locations } from 'turso-groups-store';

/** The locations the API offers (key → name), `undefined` until they arrive or when they could not be read. */
export type LocationsRef = Readonly<Ref<Locations | undefined>>;

const LOCATIONS_KEY: InjectionKey<LocationsRef> = Symbol('locations');

/**
 * Asks for the locations once, provides them to this component's descendants,
 * and reports a failure through `onError` (the list of groups still works;
 * only the location choices stay empty).
 */
export function provideLocations(listLocations: () => Promise<Locations>, onError: (error: unknown) => void): LocationsRef {
  const locations = shallowRef<Locations | undefined>(undefined);
  listLocations().then(
    (found) => {
      locations.value = found;
    },
    onError,
  );
  provide(LOCATIONS_KEY, locations);
  return locations;
}

/** The locations an ancestor provided. */
export function useLocations(): LocationsRef {
  const locations = inject(LOCATIONS_KEY, null);
  if (locations === null) throw new Error('useLocations(): no locations were provided; call provideLocations() in the root component');
  return locations;
}

/** `lhr` → `lhr · London, United Kingdom`, or the key alone when the name is unknown. */
export function locationLabel(locations: Locations | undefined, key: string): string {
  const name = locations?.[key];
  return name === undefined ? key : `${key} · ${name}`;
}
