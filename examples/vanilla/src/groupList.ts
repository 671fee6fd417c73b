import type { Subscription } from 'rxjs';
import { h } from './dom.js';
import { groupItem, type GroupItem, type GroupItemDeps } from './groupItem.js';

/**
 * The groups as shown (confirmed, with pending changes applied), one
 * `groupItem` per name: an item is made when its group appears and disposed
 * when it goes, so an update touches only what changed and the focus stays put.
 */
export function groupList(deps: GroupItemDeps): { element: HTMLElement; subscription: Subscription } {
  const heading = h('h2', { id: 'groups-heading', tabindex: -1 }, 'Groups');
  const list = h('ul', { 'aria-label': 'Groups' });
  const empty = h('p', { class: 'hint' }, 'No groups yet: create one above.');
  const items = new Map<string, GroupItem>();
  const element = h('section', { 'aria-labelledby': 'groups-heading' }, heading, list);

  const subscription = deps.store.groups$.subscribe((groups) => {
    const names = new Set(groups.map((group) => group.name));
    for (const [name, item] of items) {
      if (names.has(name)) continue;
      // Its Delete button had the focus (the dialog hands it back there): keep the focus on the page.
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
    if (groups.length === 0) list.after(empty);
    else empty.remove();
  });
  subscription.add(() => {
    for (const item of items.values()) item.dispose();
  });
  return { element, subscription };
}
