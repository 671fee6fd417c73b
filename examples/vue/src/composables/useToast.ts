import { inject, provide, type InjectionKey, type ShallowRef } from 'vue';
import type { Toast, Toasts } from '../../../shared/toasts.js';
import { useExternal } from './useExternal.js';

export { messageOf } from '../../../shared/failureText.js';

const TOAST_KEY: InjectionKey<Toasts> = Symbol('toast');

/** Provides the page's {@link Toasts} (made in main.ts, where they watch the store) to this component's descendants. */
export function provideToast(toasts: Toasts): Toasts {
  provide(TOAST_KEY, toasts);
  return toasts;
}

/**
 * The page's toasts: `failure(error)` (once per error, in plain language),
 * `success`, `info`, `show(text)` (stays until dismissed), `dismiss(id)`.
 */
export function useToast(): Toasts {
  const toasts = inject(TOAST_KEY, null);
  if (toasts === null) throw new Error('useToast(): no toasts were provided; call provideToast() in the root component');
  return toasts;
}

/** The messages shown, oldest first. */
export function useToastList(): Readonly<ShallowRef<readonly Toast[]>> {
  return useExternal(useToast());
}
