import type { GroupsStore } from '../store/groupsStore.js';
import { INSPECT, type GroupsStoreInspection } from '../store/inspection.js';

export type { GroupsStoreInspection } from '../store/inspection.js';

/**
 * Reads what the store's public surface does not tell (see
 * {@link GroupsStoreInspection}). `undefined` for a store from a production
 * build (where `process.env.NODE_ENV` is `'production'`, the store carries no
 * inspection: the panel then shows its public parts only), and for an object
 * that is not a store of this package (a test double, or a copy too old to
 * be inspected).
 */
export function inspectGroupsStore(store: GroupsStore): GroupsStoreInspection | undefined {
  const inspect = (store as Partial<Record<typeof INSPECT, () => GroupsStoreInspection>>)[INSPECT];
  return typeof inspect === 'function' ? inspect.call(store) : undefined;
}
