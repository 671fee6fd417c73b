// The dashboards' "Devtools" switch: one object per page, shared by the five
// dashboards, each of which only draws the button (aria-pressed) and calls
// toggle(). The panel's code is loaded the first time it is turned on, so a
// page whose switch stays off never downloads it.
import type { GroupsStore } from 'turso-groups-store';

/** Where the switch's state is kept for the tab: a reload keeps the panel open. */
const STORAGE_KEY = 'turso-groups-dashboard:devtools';

/** The part of `sessionStorage` the switch uses. */
export interface SwitchStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Mounts the panel for `store`, returning the function that removes it. */
export type MountDevtools = (store: GroupsStore) => Promise<() => void>;

const mountFromPackage: MountDevtools = async (store) => {
  const { mountGroupsDevtools } = await import('turso-groups-store/devtools');
  return mountGroupsDevtools(store);
};

function sessionStore(): SwitchStorage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined; // storage refused (a sandboxed frame): the switch forgets on reload
  }
}

export class DevtoolsToggle {
  readonly #store: GroupsStore;
  readonly #mount: MountDevtools;
  readonly #storage: SwitchStorage | undefined;
  readonly #listeners = new Set<(open: boolean) => void>();
  #open = false;
  #unmount: (() => void) | undefined;
  /** Counts turns of the switch: a load that finishes after it was turned off again mounts nothing. */
  #turn = 0;

  constructor(store: GroupsStore, mount: MountDevtools = mountFromPackage, storage: SwitchStorage | undefined = sessionStore()) {
    this.#store = store;
    this.#mount = mount;
    this.#storage = storage;
    if (this.#read() === 'open') this.set(true);
  }

  /** Whether the panel is on (it may still be loading). */
  get open(): boolean {
    return this.#open;
  }

  /** Calls `listener` with the switch's state at once and on each change; returns the function that stops it. */
  subscribe(listener: (open: boolean) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#open);
    return () => this.#listeners.delete(listener);
  }

  toggle(): void {
    this.set(!this.#open);
  }

  set(open: boolean): void {
    if (open === this.#open) return;
    this.#open = open;
    const turn = ++this.#turn;
    this.#write(open);
    for (const listener of [...this.#listeners]) listener(open);
    if (!open) {
      this.#unmount?.();
      this.#unmount = undefined;
      return;
    }
    this.#mount(this.#store).then(
      (unmount) => {
        if (turn === this.#turn) this.#unmount = unmount;
        else unmount();
      },
      (error: unknown) => {
        console.error('The devtools panel could not load:', error);
        if (turn === this.#turn) this.set(false);
      },
    );
  }

  /** Removes the panel, if shown, and forgets the listeners (the page is going away). */
  dispose(): void {
    this.#turn += 1;
    this.#unmount?.();
    this.#unmount = undefined;
    this.#listeners.clear();
  }

  #read(): string | null {
    try {
      return this.#storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      return null;
    }
  }

  #write(open: boolean): void {
    try {
      if (open) this.#storage?.setItem(STORAGE_KEY, 'open');
      else this.#storage?.removeItem(STORAGE_KEY);
    } catch {
      // Storage full or refused: the switch works, and forgets on reload.
    }
  }
}

/** The switch's words: the same in every dashboard. */
export const DEVTOOLS_LABEL = 'Devtools';
