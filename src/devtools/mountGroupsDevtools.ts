import { invalidRequest } from '../errors.js';
import type { GroupsStore } from '../store/groupsStore.js';
import { DEVTOOLS_TAG, defineGroupsDevtools, type GroupsDevtoolsElement } from './groupsDevtoolsElement.js';

export interface GroupsDevtoolsOptions {
  /**
   * The element the panel is appended to.
   * @default document.body
   */
  readonly target?: Element | undefined;
  /**
   * `'bottom'`: fixed along the bottom of the window, over the page;
   * `'none'`: in the flow of `target`, like any block.
   * @default 'bottom'
   */
  readonly dock?: 'bottom' | 'none' | undefined;
  /**
   * Starts minimized to its title bar.
   * @default false
   */
  readonly collapsed?: boolean | undefined;
  /**
   * How many events the timeline keeps (the oldest go first).
   * @default 200
   */
  readonly maxEvents?: number | undefined;
  /**
   * How often, in ms, the panel re-reads the store between events: for the
   * countdown to the next poll, and for what changes without an event (a
   * peer's message, a mutation going on the wire).
   * @default 1000
   */
  readonly refreshMs?: number | undefined;
}

function isStore(value: unknown): value is GroupsStore {
  const store = value as Partial<GroupsStore> | null;
  return typeof store === 'object' && store !== null && typeof store.getSnapshot === 'function' && typeof store.events$?.subscribe === 'function';
}

/**
 * Mounts the devtools panel for `store` (in development: an app that never
 * imports `turso-groups-store/devtools` ships none of it) and returns the
 * function that removes it, which leaves nothing behind: no element, no
 * subscription on the store, no timer. Throws a `validation` GroupsError
 * when `store` is not a store, or when there is no document.
 *
 * @example
 * if (import.meta.env.DEV) import('turso-groups-store/devtools').then(({ mountGroupsDevtools }) => mountGroupsDevtools(store))
 */
export function mountGroupsDevtools(store: GroupsStore, options: GroupsDevtoolsOptions = {}): () => void {
  if (!isStore(store)) throw invalidRequest('mountGroupsDevtools expects a store made by createGroupsStore');
  if (typeof document === 'undefined' || typeof customElements === 'undefined') throw invalidRequest('mountGroupsDevtools needs a page (document and customElements)');
  const { target = document.body, dock = 'bottom', collapsed = false, maxEvents, refreshMs } = options;
  defineGroupsDevtools();
  const element = document.createElement(DEVTOOLS_TAG) as GroupsDevtoolsElement;
  if (dock === 'none') element.setAttribute('dock', 'none');
  if (collapsed) element.setAttribute('collapsed', '');
  if (maxEvents !== undefined) element.setAttribute('max-events', String(maxEvents));
  if (refreshMs !== undefined) element.setAttribute('refresh-ms', String(refreshMs));
  element.store = store;
  target.append(element);
  return () => {
    element.remove();
    element.store = undefined;
  };
}
