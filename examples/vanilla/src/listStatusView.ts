import type { GroupsStore } from 'turso-groups-store';
import type { Subscription } from 'rxjs';
import { h } from './dom.js';

/** The list's status as text in `[data-list-status]`, with a refresh in flight, a failed background refresh, and a retry after a failed load. */
export function listStatusView(store: GroupsStore): { element: HTMLElement; subscription: Subscription } {
  const status = h('span', { 'data-list-status': 'idle' }, 'idle');
  const detail = h('span', { class: 'hint' });
  const retry = h('button', { type: 'button', class: 'secondary small', hidden: true }, 'Reload groups');
  retry.addEventListener('click', () => void store.load().catch(() => {}));
  const element = h('div', { class: 'row', 'aria-live': 'polite' }, 'List: ', status, detail, retry);
  const subscription = store.status$.subscribe((current) => {
    status.textContent = current.status;
    status.dataset['listStatus'] = current.status;
    const problem = current.status === 'error' ? current.error : current.refreshError;
    detail.textContent = problem ? problem.message : current.fetching ? 'refreshing…' : '';
    retry.hidden = current.status !== 'error' && current.refreshError === undefined;
  });
  return { element, subscription };
}
