import { createStore } from '@ngneat/elf';
import { getAllEntities, getEntity, selectAllEntities, selectEntity, setEntities, updateEntities, withEntities } from '@ngneat/elf-entities';
import type { Group } from '../../src/index.js';
import { afterSubscribe, equalJson, withAdded, withoutAdded, type Contender, type View } from '../contender.js';
import { LIST_PATH, locationPath, type Call } from '../server.js';

// Elf with its entities plugin, as its docs show it: setEntities for a list,
// updateEntities for a change. Elf leaves optimistic updates to the app, so
// the app does what an Elf user would write:
// - show the change at once (updateEntities), take back only this change on
//   failure, and write the server's group back only when it differs from what
//   is shown (an equal write-back would emit every list a second time);
// - a list that lands while commands are in flight may not hold their changes
//   yet: once the last command settles, ask for the list again, so the store
//   ends as the server is.

let stores = 0;

function open(call: Call, oneUpdate: boolean): View {
  // Elf keeps a global registry by name: one name per store.
  const store = createStore({ name: `groups-${++stores}` }, withEntities<Group, 'name'>({ idKey: 'name' }));
  let inFlight = 0;
  let listLandedInFlight = false;
  /** While commands are issued together: their optimistic changes, applied in one update at the end. */
  let collected: Map<string, string[]> | undefined;
  const show = (name: string, location: string): void => {
    if (!collected) {
      store.update(updateEntities(name, (g) => withAdded(g, location)));
      return;
    }
    const locations = collected.get(name);
    if (locations) locations.push(location);
    else collected.set(name, [location]);
  };
  const subscriptions: Array<() => void> = [];
  const fetchList = async (): Promise<void> => {
    const { groups } = (await call('GET', LIST_PATH)) as { groups: Group[] };
    if (inFlight > 0) listLandedInFlight = true;
    store.update(setEntities(groups));
  };
  const watch = (source: { subscribe(next: () => void): { unsubscribe(): void } }, callback: () => void): (() => void) => {
    const unsubscribe = afterSubscribe((next) => {
      const subscription = source.subscribe(next);
      return () => subscription.unsubscribe();
    }, callback);
    subscriptions.push(unsubscribe);
    return unsubscribe;
  };
  return {
    load: fetchList,
    refetch: fetchList,
    async addLocation(name, location) {
      inFlight += 1;
      show(name, location);
      try {
        const { group } = (await call('POST', locationPath(name, location))) as { group: Group };
        if (!equalJson(store.query(getEntity(name)), group)) store.update(updateEntities(name, () => group));
        return group;
      } catch (error) {
        store.update(updateEntities(name, (g) => withoutAdded(g, location)));
        throw error;
      } finally {
        inFlight -= 1;
        if (inFlight === 0 && listLandedInFlight) {
          listLandedInFlight = false;
          await fetchList();
        }
      }
    },
    together(issue) {
      if (!oneUpdate || collected) return issue();
      const changes = new Map<string, string[]>();
      collected = changes;
      try {
        return issue();
      } finally {
        collected = undefined;
        store.update(updateEntities([...changes.keys()], (g) => ({ ...g, locations: [...g.locations, ...(changes.get(g.name) ?? [])] })));
      }
    },
    shown: () => store.query(getAllEntities()),
    watchList: (callback) => watch(store.pipe(selectAllEntities()), callback),
    watchAll: (callback) => watch(store, callback),
    watchGroup: (name, callback) => watch(store.pipe(selectEntity(name)), callback),
    dispose() {
      for (const unsubscribe of subscriptions) unsubscribe(); // before destroy(), which resets the state
      store.destroy();
    },
  };
}

export const elf: Contender = {
  library: '@ngneat/elf',
  recipe: '',
  doc: 'Elf docs: Entities (setEntities, updateEntities, selectAllEntities, selectEntity)',
  open: (call) => open(call, false),
};

export const elfOneUpdate: Contender = {
  library: '@ngneat/elf',
  recipe: 'one update',
  doc: 'Elf docs: Entities, updateEntities with an array of ids',
  open: (call) => open(call, true),
};
