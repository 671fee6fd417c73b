import { getContext } from 'svelte';
import { writable, type Readable, type Writable } from 'svelte/store';
import type { GroupsStore, Locations } from 'turso-groups-store';
import { failureOnce, messageOf } from '../../shared/failureText.js';

// What the Svelte dashboard's components share, through context: the store,
// the locations the API offers, and the one toast.

const STORE = Symbol('store');
const LOCATIONS = Symbol('locations');
const TOAST = Symbol('toast');

/** What the toast shows: the last failure, until it is closed or replaced. */
export interface ToastMessage {
  /** New for every message, so the same words twice are announced twice. */
  readonly id: number;
  readonly text: string;
}

/** The dashboard's one toast. */
export interface Toast extends Readable<ToastMessage | undefined> {
  show(text: string): void;
  /**
   * Shows a failure once: the store's `events$` and a command's own promise
   * tell of the same error object, and only the first is shown. Aborted work
   * was given up on purpose and shows nothing.
   */
  failure(error: unknown): void;
  close(): void;
}

function createToast(): Toast {
  const message = writable<ToastMessage | undefined>(undefined);
  const textOf = failureOnce();
  let nextId = 0;
  const show = (text: string): void => message.set({ id: ++nextId, text });
  return {
    subscribe: message.subscribe,
    show,
    failure: (error) => {
      const text = textOf(error);
      if (text !== undefined) show(text);
    },
    close: () => message.set(undefined),
  };
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

export { messageOf };

/** `lhr` → `lhr · London, United Kingdom`, or the key alone when the name is unknown. */
export function locationLabel(locations: Locations | undefined, key: string): string {
  const name = locations?.[key];
  return name === undefined ? key : `${key} · ${name}`;
}

