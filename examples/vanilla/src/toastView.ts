import { Subscription } from 'rxjs';
import { focusPastToast } from '../../shared/focusPastToast.js';
import type { Toast, Toasts } from '../../shared/toasts.js';
import { h } from './dom.js';

/**
 * The page's messages, at the foot of the main column (sticky, so they stay
 * in view without covering the side column). A failure is an alert, the rest
 * a status; nothing here takes the focus, and a dismissed one hands it on.
 * A message's element is kept while it is shown, so a screen reader hears
 * each one once.
 */
export function toastView(toasts: Toasts): { element: HTMLElement; subscription: Subscription } {
  const element = h('div', { class: 'toasts', 'data-toasts': true });
  const shown = new Map<number, HTMLElement>();

  function item(toast: Toast): HTMLElement {
    const dismiss = h('button', { type: 'button', class: 'small', 'aria-label': 'Dismiss message' }, 'Dismiss');
    dismiss.addEventListener('click', () => {
      focusPastToast(dismiss);
      toasts.dismiss(toast.id);
    });
    return h('div', { class: 'toast', 'data-toast': true, 'data-tone': toast.tone, role: toast.tone === 'failure' ? 'alert' : 'status' }, h('p', { class: 'toast-text' }, toast.text), dismiss);
  }

  const stop = toasts.subscribe((list) => {
    const ids = new Set(list.map((toast) => toast.id));
    for (const [id, node] of shown) {
      if (ids.has(id)) continue;
      node.remove();
      shown.delete(id);
    }
    for (const toast of list) {
      if (shown.has(toast.id)) continue;
      const node = item(toast);
      shown.set(toast.id, node);
      element.append(node);
    }
  });
  return { element, subscription: new Subscription(stop) };
}
