import { combineLatest, type Subscription } from 'rxjs';
import { GROUPS_HEADING_ID, LOADING_GROUPS, NO_GROUPS, TRY_AGAIN } from '../../shared/dashboardText.js';
import { failureText } from '../../shared/failureText.js';
import { h } from './dom.js';
import { groupItem, type GroupItem, type GroupItemDeps } from './groupItem.js';
import { listStatusView } from './listStatusView.js';

/**
 * The groups as shown (confirmed, with pending changes applied), one
 * `groupItem` per name: an item is made when its group appears and disposed
 * when it goes, so an update touches only what changed and the focus stays
 * put. Above them, the list's status; a failed load says why, with "Try again".
 */
export function groupList(deps: GroupItemDeps): { element: HTMLElement; subscription: Subscription } {
  const { store, locations } = deps;
  const heading = h('h2', { id: GROUPS_HEADING_ID, tabindex: -1 }, 'Groups');
  const status = listStatusView(store, locations);
  const problemText = h('p');
  const tryAgain = h('button', { type: 'button', class: 'secondary' }, TRY_AGAIN);
  tryAgain.addEventListener('click', () => {
    store.load().catch(() => {});
    locations.retry();
  });
  const problem = h('div', { class: 'list-problem', 'data-list-problem': true, role: 'alert' }, problemText, tryAgain);
  const list = h('ul', { 'aria-label': 'Groups', class: 'groups' });
  const empty = h('p', { class: 'hint empty' });
  const items = new Map<string, GroupItem>();
  const element = h('section', { class: 'card', 'aria-labelledby': GROUPS_HEADING_ID }, h('div', { class: 'section-head' }, heading, status.element), list);

  const subscription = combineLatest([store.groups$, store.status$]).subscribe(([groups, current]) => {
    const names = new Set(groups.map((group) => group.name));
    for (const [name, item] of items) {
      if (names.has(name)) continue;
      // Its Delete or Transfer button had the focus (the dialog hands it back there): keep the focus on the page.
      const hadFocus = item.element.contains(document.activeElement);
      item.dispose();
      item.element.remove();
      items.delete(name);
      if (hadFocus) heading.focus();
    }
    for (const [index, group] of groups.entries()) {
      let item = items.get(group.name);
      if (item === undefined) {
        item = groupItem(group.name, deps);
        items.set(group.name, item);
      }
      if (list.children[index] !== item.element) list.insertBefore(item.element, list.children[index] ?? null);
    }
    list.setAttribute('aria-busy', String(current.status === 'loading'));
    if (current.status === 'error') {
      // Only a new reason is written: rewriting the same words would have the alert said again.
      const reason = `${failureText(current.error)}.`;
      if (problemText.textContent !== reason) problemText.textContent = reason;
      if (!problem.isConnected) list.before(problem);
    } else {
      problem.remove();
    }
    if (groups.length === 0 && current.status !== 'error') {
      empty.textContent = current.status === 'success' ? NO_GROUPS : LOADING_GROUPS;
      list.after(empty);
    } else {
      empty.remove();
    }
  });
  subscription.add(status.subscription);
  subscription.add(() => {
    for (const item of items.values()) item.dispose();
  });
  return { element, subscription };
}
