import type { Subscription } from 'rxjs';
import type { GroupsStore } from 'turso-groups-store';
import { clockTime } from '../../shared/clockTime.js';
import { REFRESH } from '../../shared/dashboardText.js';
import { reasonText } from '../../shared/failureText.js';
import type { LocationsFeed } from '../../shared/locationsFeed.js';
import { h } from './dom.js';

/** The list's status (`[data-list-status]` holds the bare word), when it was loaded, a failed background refresh, and "Refresh". */
export function listStatusView(store: GroupsStore, locations: LocationsFeed): { element: HTMLElement; subscription: Subscription } {
  const status = h('span', { 'data-list-status': 'idle' }, 'idle');
  const refreshing = h('span', { class: 'hint', hidden: true }, ' · refreshing…');
  const time = h('time');
  const updated = h('span', { class: 'hint', hidden: true }, ' · updated ', time);
  const refreshError = h('p', { class: 'hint problem', hidden: true });
  const refresh = h('button', { type: 'button', class: 'secondary small' }, REFRESH);
  refresh.addEventListener('click', () => {
    // The status shows how it went; the locations, if they failed, are read again too.
    store.load().catch(() => {});
    locations.retry();
  });
  const element = h('div', { class: 'list-status' }, h('p', {}, 'List ', status, refreshing, updated), refreshError, refresh);
  const subscription = store.status$.subscribe((current) => {
    status.textContent = current.status;
    status.dataset['listStatus'] = current.status;
    refreshing.hidden = !(current.fetching && current.status !== 'loading');
    updated.hidden = current.updatedAt === undefined;
    if (current.updatedAt !== undefined) {
      const at = new Date(current.updatedAt);
      time.dateTime = at.toISOString();
      time.textContent = clockTime(at);
    }
    refreshError.hidden = current.refreshError === undefined;
    refreshError.textContent = current.refreshError === undefined ? '' : `Last refresh failed: ${reasonText(current.refreshError)}.`;
  });
  return { element, subscription };
}
