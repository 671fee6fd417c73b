import { assertInInjectionContext, inject, Injector } from '@angular/core';

/**
 * The injector a binding works in: the one given, else the current injection
 * context's (a constructor, a field initializer, a provider's factory,
 * `runInInjectionContext`). Outside both, Angular's own error names `caller`.
 */
export function injectorOf(caller: (...args: never[]) => unknown, injector: Injector | undefined): Injector {
  if (injector !== undefined) return injector;
  assertInInjectionContext(caller);
  return inject(Injector);
}
