import { Subscription } from 'rxjs';
import { DEVTOOLS_LABEL, type DevtoolsToggle } from '../../shared/devtoolsToggle.js';
import { h } from './dom.js';

/** The header's switch for the store's devtools panel. */
export function devtoolsButton(toggle: DevtoolsToggle): { element: HTMLButtonElement; subscription: Subscription } {
  const element = h('button', { type: 'button', 'data-devtools-toggle': true, 'aria-pressed': 'false' }, DEVTOOLS_LABEL);
  element.addEventListener('click', () => toggle.toggle());
  const subscription = new Subscription(toggle.subscribe((open) => element.setAttribute('aria-pressed', String(open))));
  return { element, subscription };
}
