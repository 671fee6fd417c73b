import { hasInjectionContext, inject, ssrContextKey } from 'vue';

/**
 * True while a component is set up by `vue/server-renderer`, which provides
 * its context under `ssrContextKey` (string and stream renderers alike).
 *
 * The server never unmounts what it rendered, so nothing would close a
 * subscription opened there: a binding must read instead. Asked of the
 * injection context rather than `typeof window`, because a server render can
 * run where a DOM exists (tests on happy-dom, Deno) and a page without one.
 */
export function inServerRender(): boolean {
  return hasInjectionContext() && inject(ssrContextKey, null) !== null;
}
