import { getContext } from 'svelte';
import { writable, type Readable, type Writable } from 'svelte/store';
import type { GroupsStore, Locations } from 'turso-groups-store';

// What the Svelte dashboard's components share, through context: the store,
// the locations the API offers, and the one toast.

const STORE = Symbol('store');
const LOCATIONS = Symbol('locations');
const TOAST = Symbol('toast');

/** The dashboard's one toast: the last failure, until it is closed or replaced. */
export interface Toast extends Readable<string | undefined> {
  show(message: string): void;
  close(): void;
}

function createToast(): Toast {
  const message = writable<string | undefined>(undefined);
  return { subscribe: message.subscribe, show: (text) => message.set(text), close: () => message.set(undefined) };
}

/**
 * The context the app is mounted with (`mount(App, { context })`): the store,
 * a locations store filled from the API once, and the toast.
 */
export function dashboardContext(store: GroupsStore, listLocations: () => Promise<Locations>): Map<symbol, unknown> {
  const toast = createToast();
  const locations: Writable<Locations | undefined> = writable(undefined);
  listLocations().then(
    (found) => locations.set(found),
    (error: unknown) => toast.show(`Could not list locations: ${messageOf(error)}`),
  );
  return new Map<symbol, unknown>([
    [STORE, store],
    [LOCATIONS, locations],
    [TOAST, toast],
  ]);
}

export const useStore = (): GroupsStore => getContext<GroupsStore>(STORE);
export const useLocations = (): Readable<Locations | undefined> => getContext<Readable<Locations | undefined>>(LOCATIONS);
export const useToast = (): Toast => getContext<Toast>(TOAST);

/** A failure in words, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `lhr` → `lhr · London, United Kingdom`, or the key alone when the name is unknown. */
export function locationLabel(locations: Locations | undefined, key: string): string {
  const name = locations?.[key];
  return name === undefined ? key : `${key} · ${name}`;
}

