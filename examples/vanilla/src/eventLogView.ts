import type { Subscription } from 'rxjs';
import type { GroupsStore } from 'turso-groups-store';
import { clockTime } from '../../shared/clockTime.js';
import { EVENT_LOG_HINT } from '../../shared/dashboardText.js';
import { createEventDescriber, EVENT_LOG_LIMIT } from '../../shared/describeEvent.js';
import { h } from './dom.js';

/** Every `events$` event in words, newest first, the last {@link EVENT_LOG_LIMIT}. */
export function eventLogView(store: GroupsStore): { element: HTMLElement; subscription: Subscription } {
  // Focusable: it scrolls, and a keyboard must be able to scroll it too.
  const list = h('ol', { 'data-event-log': true, 'aria-label': 'Events', class: 'event-log', tabindex: 0 });
  const element = h(
    'section',
    { class: 'card', 'aria-labelledby': 'events-heading' },
    h('h2', { id: 'events-heading' }, 'Events'),
    h('p', { class: 'hint' }, EVENT_LOG_HINT),
    list,
  );
  const describe = createEventDescriber(store);
  const subscription = store.events$.subscribe((event) => {
    const at = new Date();
    list.prepend(h('li', { 'data-type': event.type }, h('time', { datetime: at.toISOString() }, clockTime(at)), ` #${event.id} ${describe(event)}`));
    while (list.children.length > EVENT_LOG_LIMIT) list.lastElementChild?.remove();
  });
  return { element, subscription };
}
