import type { GroupsStore } from 'turso-groups-store';
import type { Subscription } from 'rxjs';
import { h } from './dom.js';

const SHOWN_MS = 10_000;

/** The last failure's message, as an alert, until dismissed or for ten seconds. */
export function toastView(store: GroupsStore): { element: HTMLElement; subscription: Subscription } {
  // The live region is always in the page, empty when quiet: screen readers announce what is put into it.
  const element = h('div', { 'data-toast': true, role: 'alert' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clear = (): void => {
    clearTimeout(timer);
    element.replaceChildren();
  };
  const subscription = store.events$.subscribe((event) => {
    if (event.type !== 'failure') return;
    clearTimeout(timer);
    const close = h('button', { type: 'button', class: 'small', 'aria-label': 'Dismiss message' }, '×');
    close.addEventListener('click', clear);
    element.replaceChildren(h('span', {}, event.error.message), close);
    timer = setTimeout(clear, SHOWN_MS);
  });
  subscription.add(() => clearTimeout(timer));
  return { element, subscription };
}
