import type { GroupsStore, StoreEvent } from 'turso-groups-store';
import type { Subscription } from 'rxjs';
import { h } from './dom.js';

export const MAX_EVENTS = 50;

function describe(event: StoreEvent): string {
  const subject = event.group === undefined ? event.operation : `${event.operation} "${event.group}"`;
  return event.type === 'failure' ? `${subject} failed: ${event.error.message}` : `${subject}: ${event.type}`;
}

/** Every `events$` event, newest first, the last fifty. */
export function eventLogView(store: GroupsStore): { element: HTMLElement; subscription: Subscription } {
  const list = h('ol', { 'data-event-log': true, 'aria-label': 'Events' });
  const element = h('section', { class: 'card', 'aria-labelledby': 'events-heading' }, h('h2', { id: 'events-heading' }, 'Events'), list);
  const subscription = store.events$.subscribe((event) => {
    const time = new Date().toLocaleTimeString([], { hour12: false });
    list.prepend(h('li', { 'data-type': event.type }, h('time', {}, time), ' ', `#${event.id} ${describe(event)}`));
    while (list.children.length > MAX_EVENTS) list.lastElementChild?.remove();
  });
  return { element, subscription };
}
