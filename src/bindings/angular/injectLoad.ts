import { afterNextRender, assertNotInReactiveContext, DestroyRef, type Injector } from '@angular/core';
import { injectorOf } from './injectionContext.js';
import { injectGroupsStore } from './storeProvider.js';

export interface InjectLoadOptions {
  /**
   * Sends nothing when the list was loaded less than this many ms ago (by the
   * store's clock): a page hydrated from a server render does not load again.
   * @default undefined (loads on every mount)
   */
  readonly maxAge?: number | undefined;
  /**
   * The injector to find the store in and to give the load up with, for a
   * call outside an injection context.
   * @default the current injection context's injector
   */
  readonly injector?: Injector | undefined;
}

/**
 * Loads the list once the component has rendered in the browser, and gives
 * up when it is destroyed: the React binding's `useLoad`, for Angular. The
 * request itself is aborted only when every caller sharing it has given up.
 *
 * After the first render, not during construction: a page hydrating a
 * server render must first render what the server did. In a server render it
 * does nothing (`afterNextRender` never runs there): load in an app
 * initializer (`provideAppInitializer(() => injectGroupsStore().load())`),
 * and hand the state over with `TransferState`.
 *
 * Returns nothing: the outcome is the list's status (`injectListStatus`),
 * its error included.
 *
 * @example
 * constructor() { injectLoad({ maxAge: 30_000 }) }
 */
export function injectLoad(options: InjectLoadOptions = {}): void {
  assertNotInReactiveContext(injectLoad, 'Call it in a constructor or a field initializer, or pass { injector }.');
  const injector = injectorOf(injectLoad, options.injector);
  const store = injectGroupsStore({ injector });
  const { maxAge } = options;
  const controller = new AbortController();
  injector.get(DestroyRef).onDestroy(() => controller.abort());
  afterNextRender(
    () => {
      // A failure is already the list's status (and an events$ event); this
      // promise would only repeat it, or say the component gave up.
      store.load({ signal: controller.signal, maxAge }).catch(() => undefined);
    },
    { injector },
  );
}
