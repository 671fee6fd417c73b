import { DestroyRef, inject, InjectionToken, makeEnvironmentProviders, type EnvironmentProviders, type Injector } from '@angular/core';
import type { GroupsStore } from '../../index.js';
import { injectorOf } from './injectionContext.js';

/**
 * The token a store is provided under. {@link provideGroupsStore} provides
 * one the injector owns; for a store the app owns and disposes itself:
 * `{ provide: GROUPS_STORE, useValue: store }`.
 */
export const GROUPS_STORE: InjectionToken<GroupsStore> = new InjectionToken<GroupsStore>('turso-groups-store');

/**
 * Provides a store to an application (or a route, or any environment
 * injector), made by `create` the first time something injects it, and
 * disposed (requests in flight aborted, observables completed) when that
 * injector is destroyed: `appRef.destroy()`, the end of a server render,
 * a route's injector going away.
 *
 * `create` runs in an injection context, so it may `inject()` what it needs
 * (the `TransferState` a server render handed over, for `initialState`).
 *
 * @example
 * bootstrapApplication(App, {
 *   providers: [provideGroupsStore(() => createGroupsStore({ org, transport }))],
 * })
 */
export function provideGroupsStore(create: () => GroupsStore): EnvironmentProviders {
  if (typeof create !== 'function') throw new TypeError('turso-groups-store/angular: provideGroupsStore expects a function that creates the store');
  return makeEnvironmentProviders([
    {
      provide: GROUPS_STORE,
      useFactory: (): GroupsStore => {
        const store = create();
        // The environment injector this factory runs in: the store lives exactly as long.
        inject(DestroyRef).onDestroy(() => store.dispose());
        return store;
      },
    },
  ]);
}

export interface InjectGroupsStoreOptions {
  /**
   * Where to look the store up, for a call outside an injection context
   * (in `ngOnInit`, say). @default the current injection context's injector
   */
  readonly injector?: Injector | undefined;
}

/**
 * The store provided with {@link provideGroupsStore} (or under
 * {@link GROUPS_STORE}). Throws outside an injection context, and when no
 * store was provided: either is a mistake in the app's wiring, not a state
 * to render.
 *
 * @example
 * readonly store = injectGroupsStore()
 * remove(name: string) { this.store.delete(name).catch(console.error) }
 */
export function injectGroupsStore(options: InjectGroupsStoreOptions = {}): GroupsStore {
  const injector = injectorOf(injectGroupsStore, options.injector);
  const store = injector.get(GROUPS_STORE, null);
  if (store === null) {
    throw new Error('turso-groups-store/angular: no store was provided; add provideGroupsStore(() => createGroupsStore(…)) to the application’s providers');
  }
  return store;
}
