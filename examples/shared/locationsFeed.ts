import type { GroupsStore, Locations } from 'turso-groups-store';

/** The locations as the page has them: each variant fixes its fields. */
export type LocationsState =
  | { readonly status: 'loading'; readonly locations: undefined; readonly error: undefined }
  | { readonly status: 'ready'; readonly locations: Locations; readonly error: undefined }
  | { readonly status: 'error'; readonly locations: undefined; readonly error: unknown };

const LOADING: LocationsState = Object.freeze({ status: 'loading', locations: undefined, error: undefined });

/**
 * The locations the API offers, for the create form and each group's "add
 * location" (the store holds groups only, so the page asks the API). Read
 * when the first subscriber arrives; after a failure, read again each time
 * the groups list loads (polling, the list's "Try again", "Refresh") and on
 * `retry()`, until it succeeds. `subscribe` follows Svelte's store contract
 * (the listener is called at once), which React's `useSyncExternalStore`
 * accepts too. The last subscriber leaving aborts a read in flight.
 */
export class LocationsFeed {
  #state: LocationsState = LOADING;
  readonly #listeners = new Set<(state: LocationsState) => void>();
  readonly #listLocations: (signal: AbortSignal) => Promise<Locations>;
  readonly #store: Pick<GroupsStore, 'events$'>;
  #controller: AbortController | undefined;
  #listLoads: { unsubscribe(): void } | undefined;

  constructor(listLocations: (signal: AbortSignal) => Promise<Locations>, store: Pick<GroupsStore, 'events$'>) {
    this.#listLocations = listLocations;
    this.#store = store;
  }

  readonly getSnapshot = (): LocationsState => this.#state;

  readonly subscribe = (listener: (state: LocationsState) => void): (() => void) => {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#connect();
    listener(this.#state);
    return () => {
      if (this.#listeners.delete(listener) && this.#listeners.size === 0) this.#disconnect();
    };
  };

  /** Reads the locations again unless they are there or on their way. */
  readonly retry = (): void => {
    if (this.#state.status === 'ready' || this.#controller !== undefined || this.#listeners.size === 0) return;
    const controller = new AbortController();
    this.#controller = controller;
    if (this.#state !== LOADING) this.#set(LOADING);
    this.#listLocations(controller.signal).then(
      (locations) => {
        if (controller.signal.aborted) return;
        this.#controller = undefined;
        this.#set({ status: 'ready', locations, error: undefined });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        this.#controller = undefined;
        this.#set({ status: 'error', locations: undefined, error });
      },
    );
  };

  #connect(): void {
    this.#listLoads = this.#store.events$.subscribe((event) => {
      if (event.type === 'success' && event.operation === 'list') this.retry();
    });
    this.retry();
  }

  #disconnect(): void {
    this.#listLoads?.unsubscribe();
    this.#listLoads = undefined;
    this.#controller?.abort();
    this.#controller = undefined;
    if (this.#state.status !== 'ready') this.#state = LOADING;
  }

  #set(state: LocationsState): void {
    this.#state = state;
    for (const listener of [...this.#listeners]) listener(state);
  }
}

/** `lhr` → `lhr · London, United Kingdom`, or the key alone when its name is unknown. */
export function locationLabel(locations: Locations | undefined, key: string): string {
  const name = locations?.[key];
  return name === undefined ? key : `${key} · ${name}`;
}
