import { computed, signal, type Signal } from '@angular/core';
import type { GroupsStore } from 'turso-groups-store';
import type { Toasts } from '../../../shared/toasts.js';

/** A token shown once, with a serial: each new token is a new panel. */
export interface ShownToken {
  readonly jwt: string;
  readonly serial: number;
}

/**
 * One group's token minting, for its row: the JWT lives in this signal only,
 * until "Dismiss" (or until the row leaves the page). The store hands it to
 * its caller and keeps nothing, and it never reaches storage, the event log
 * or the toast.
 */
export class MintedToken {
  readonly #store: GroupsStore;
  readonly #toasts: Toasts;
  readonly #name: Signal<string>;
  readonly #shown = signal<ShownToken | undefined>(undefined);
  readonly #minting = signal(false);
  #serial = 0;

  /** The token shown, as a list of none or one, for a panel keyed by its serial. */
  readonly panels = computed<readonly ShownToken[]>(() => {
    const shown = this.#shown();
    return shown === undefined ? [] : [shown];
  });
  readonly minting = this.#minting.asReadonly();

  constructor(store: GroupsStore, toasts: Toasts, name: Signal<string>) {
    this.#store = store;
    this.#toasts = toasts;
    this.#name = name;
  }

  mint(): void {
    if (this.#minting()) return;
    this.#minting.set(true);
    this.#store
      .mintToken(this.#name())
      .then((minted) => this.#shown.set({ jwt: minted.jwt, serial: ++this.#serial }), this.#toasts.failure)
      .finally(() => this.#minting.set(false));
  }

  dismiss(): void {
    this.#shown.set(undefined);
  }
}
