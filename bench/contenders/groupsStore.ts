import { createGroupsStore, type GroupsStore, type Transport } from '../../src/index.js';
import { ADDED_LOCATION, flush, groupName, serverList, withLocation } from '../fixtures.js';
import type { Sample } from '../measure.js';
import { timeTwoLoads, type Contender } from '../workloads.js';

// The store goes through its real API client (input checks, answer shape
// checks); only the wire is replaced by an instant in-process server.
const instantServer: Transport = async (request) => {
  if (request.method === 'GET') return { groups: serverList() };
  const [, , , , , name, , location] = request.path.split('/');
  return { group: withLocation(decodeURIComponent(name ?? ''), decodeURIComponent(location ?? '')) };
};

function newStore(): GroupsStore {
  return createGroupsStore({ org: 'bench', transport: instantServer });
}

function countEmissions(store: GroupsStore): { count(): number } {
  let emissions = -1; // not the replay on subscribe
  store.groups$.subscribe(() => (emissions += 1));
  return { count: () => emissions };
}

export function groupsStoreContender(options: { batched: boolean }): Contender {
  return {
    name: options.batched ? 'this store, batch()' : 'this store',
    async loadTwice() {
      const store = newStore();
      const emissions = countEmissions(store);
      const result = await timeTwoLoads(emissions.count, () => store.load());
      store.dispose();
      return result;
    },
    async addLocations(count: number): Promise<Sample> {
      const store = newStore();
      await store.load();
      const emissions = countEmissions(store);
      const start = performance.now();
      const issue = (): Promise<unknown>[] => Array.from({ length: count }, (_, i) => store.addLocation(groupName(i), ADDED_LOCATION));
      await Promise.all(options.batched ? store.batch(issue) : issue());
      await flush();
      const ms = performance.now() - start;
      const emitted = emissions.count();
      store.dispose();
      return { ms, count: emitted };
    },
    async oneOfManyChanges(): Promise<Sample> {
      const store = newStore();
      await store.load();
      let callbacks = 0;
      for (let i = 0; i < 1000; i++) {
        let first = true;
        store.group$(groupName(i)).subscribe(() => {
          if (first) first = false;
          else callbacks += 1;
        });
      }
      const start = performance.now();
      await store.addLocation(groupName(500), ADDED_LOCATION);
      await flush();
      const ms = performance.now() - start;
      const count = callbacks;
      store.dispose();
      return { ms, count };
    },
  };
}
