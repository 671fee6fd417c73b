import { assertInInjectionContext, assertNotInReactiveContext, inject, Injector } from '@angular/core';

/**
 * The injector a binding works in: the one given, else the current injection
 * context's (a constructor, a field initializer, a provider's factory,
 * `runInInjectionContext`). Outside both, Angular's own error names `caller`.
 * Never inside a `computed` or an effect: a subscription opened there would
 * be opened again on every run.
 */
export function injectionContextOf(caller: (...args: never[]) => unknown, injector: Injector | undefined): Injector {
  assertNotInReactiveContext(caller, 'Call it in a constructor or a field initializer, or pass { injector }.');
  if (injector !== undefined) return injector;
  assertInInjectionContext(caller);
  return inject(Injector);
}
