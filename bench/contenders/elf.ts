import { createStore } from '@ngneat/elf';
import { getEntity, selectAllEntities, selectEntity, setEntities, updateEntities, withEntities } from '@ngneat/elf-entities';
import type { Group } from '../../src/index.js';
import { ADDED_LOCATION, flush, groupName, serverList, withLocation } from '../fixtures.js';
import type { Sample } from '../measure.js';
import { timeTwoLoads, type Contender } from '../workloads.js';

// Elf with its entities plugin, as its docs show: setEntities for a list,
// updateEntities for an optimistic change, and a manual rollback on failure.
type Editable = Group & { locations: string[] };

function newStore() {
  return createStore({ name: 'groups' }, withEntities<Editable, 'name'>({ idKey: 'name' }));
}
type ElfStore = ReturnType<typeof newStore>;

async function listFromServer(): Promise<Editable[]> {
  return serverList() as Editable[];
}

async function addLocationOnServer(name: string, location: string): Promise<Editable> {
  return withLocation(name, location) as Editable;
}

async function addLocation(store: ElfStore, name: string, location: string): Promise<void> {
  const previous = store.query(getEntity(name));
  store.update(updateEntities(name, (g) => ({ ...g, locations: [...g.locations, location] })));
  try {
    const confirmed = await addLocationOnServer(name, location);
    store.update(updateEntities(name, confirmed));
  } catch (error) {
    if (previous) store.update(updateEntities(name, previous));
    throw error;
  }
}

function countEmissions(store: ElfStore): { count(): number } {
  let emissions = -1;
  store.pipe(selectAllEntities()).subscribe(() => (emissions += 1));
  return { count: () => emissions };
}

export const elfContender: Contender = {
  name: '@ngneat/elf',
  async loadTwice() {
    const store = newStore();
    const emissions = countEmissions(store);
    const result = await timeTwoLoads(emissions.count, async () => store.update(setEntities(await listFromServer())));
    store.destroy();
    return result;
  },
  async addLocations(count: number): Promise<Sample> {
    const store = newStore();
    store.update(setEntities(await listFromServer()));
    const emissions = countEmissions(store);
    const start = performance.now();
    await Promise.all(Array.from({ length: count }, (_, i) => addLocation(store, groupName(i), ADDED_LOCATION)));
    await flush();
    const ms = performance.now() - start;
    const emitted = emissions.count();
    store.destroy(); // resets the state, which every selector would hear: count first
    return { ms, count: emitted };
  },
  async oneOfManyChanges(): Promise<Sample> {
    const store = newStore();
    store.update(setEntities(await listFromServer()));
    let callbacks = 0;
    for (let i = 0; i < 1000; i++) {
      let first = true;
      store.pipe(selectEntity(groupName(i))).subscribe(() => {
        if (first) first = false;
        else callbacks += 1;
      });
    }
    const start = performance.now();
    await addLocation(store, groupName(500), ADDED_LOCATION);
    await flush();
    const ms = performance.now() - start;
    const count = callbacks;
    store.destroy(); // resets the state, which every selector would hear: count first
    return { ms, count };
  },
};
