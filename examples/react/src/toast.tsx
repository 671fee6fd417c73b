import { createContext, useContext, useSyncExternalStore, type ReactElement, type ReactNode } from 'react';
import type { Toast, Toasts } from '../../shared/toasts.js';

export { messageOf } from '../../shared/failureText.js';

const ToastsContext = createContext<Toasts | undefined>(undefined);

/** Hands the page's {@link Toasts} down; they are made and watch the store in main.tsx. */
export function ToastProvider({ toasts, children }: { readonly toasts: Toasts; readonly children?: ReactNode }): ReactElement {
  return <ToastsContext.Provider value={toasts}>{children}</ToastsContext.Provider>;
}

/**
 * What components may do with the toasts: `failure(error)` (once per error,
 * in plain language), `success`, `info`, `show(text)` (stays until
 * dismissed), `dismiss(id)`. Stable for the page's life, so memoized rows
 * never re-render for it.
 */
export function useToast(): Toasts {
  const toasts = useContext(ToastsContext);
  if (!toasts) throw new Error('useToast() must be called below a <ToastProvider>');
  return toasts;
}

/** The messages shown, oldest first. */
export function useToastList(): readonly Toast[] {
  const toasts = useToast();
  return useSyncExternalStore(toasts.subscribe, toasts.getSnapshot);
}
