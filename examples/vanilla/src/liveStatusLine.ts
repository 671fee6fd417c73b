import { Subscription } from 'rxjs';
import type { LiveStatus } from '../../shared/liveStatus.js';
import { h } from './dom.js';

/** The header's "Live:" line: whether other people's changes show as they happen. */
export function liveStatusLine(live: LiveStatus): { element: HTMLParagraphElement; subscription: Subscription } {
  const element = h('p', { class: 'live', role: 'status' });
  const subscription = new Subscription(
    live.subscribe((line) => {
      element.dataset['feedStatus'] = line.status;
      element.textContent = line.text;
    }),
  );
  return { element, subscription };
}
