import { MutationObserver, QueryClient, QueryObserver } from '@tanstack/query-core';
import type { Group } from '../../src/index.js';
import { ADDED_LOCATION, flush, groupName, serverList, withLocation } from '../fixtures.js';
import type { Sample } from '../measure.js';
import { timeTwoLoads, type Contender } from '../workloads.js';

// TanStack Query's core, with its documented optimistic-update recipe:
// cancel queries, snapshot the previous data, set the optimistic data, roll
// back to the snapshot on error, invalidate (refetch) when settled.
const KEY = ['groups'];

interface Variables {
  readonly name: string;
  readonly location: string;
}

// The list view: an active observer (as useQuery is), so that invalidation refetches.
function newClient(active: boolean): { client: QueryClient; observer: QueryObserver<Group[]>; emissions(): number; dispose(): void } {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 0 } } });
  client.mount();
  const observer = new QueryObserver<Group[]>(client, { queryKey: KEY, queryFn: async () => serverList(), enabled: active });
  let emissions = 0;
  let lastData: Group[] | undefined;
  const unsubscribe = observer.subscribe((result) => {
    // Count what a list view re-renders for: a new list.
    if (result.data !== lastData) {
      lastData = result.data;
      emissions += 1;
    }
  });
  return {
    client,
    observer,
    emissions: () => emissions,
    dispose: () => {
      unsubscribe();
      client.clear();
      client.unmount();
    },
  };
}

async function load(client: QueryClient): Promise<void> {
  await client.fetchQuery({ queryKey: KEY, queryFn: async () => serverList(), staleTime: 0 });
}

function addLocationObserver(client: QueryClient): MutationObserver<Group, Error, Variables, { previous: Group[] | undefined }> {
  return new MutationObserver(client, {
    mutationFn: async ({ name, location }) => withLocation(name, location),
    onMutate: async ({ name, location }) => {
      await client.cancelQueries({ queryKey: KEY });
      const previous = client.getQueryData<Group[]>(KEY);
      client.setQueryData<Group[]>(KEY, (old) => old?.map((g) => (g.name === name ? { ...g, locations: [...g.locations, location] } : g)));
      return { previous };
    },
    onError: (_error, _variables, context) => {
      client.setQueryData(KEY, context?.previous);
    },
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export const tanstackContender: Contender = {
  name: '@tanstack/query-core',
  async loadTwice() {
    const setup = newClient(false);
    const result = await timeTwoLoads(setup.emissions, () => load(setup.client));
    setup.dispose();
    return result;
  },
  async addLocations(count: number): Promise<Sample> {
    const setup = newClient(true);
    await load(setup.client);
    await flush();
    const before = setup.emissions();
    const mutation = addLocationObserver(setup.client);
    const start = performance.now();
    await Promise.all(Array.from({ length: count }, (_, i) => mutation.mutate({ name: groupName(i), location: ADDED_LOCATION })));
    await flush();
    const ms = performance.now() - start;
    const emitted = setup.emissions() - before;
    setup.dispose();
    return { ms, count: emitted };
  },
  async oneOfManyChanges(): Promise<Sample> {
    const setup = newClient(true);
    await load(setup.client);
    await flush();
    let callbacks = 0;
    const unsubscribes: Array<() => void> = [];
    for (let i = 0; i < 1000; i++) {
      const name = groupName(i);
      // notifyOnChangeProps: ['data'] is what React's tracked results give a component that reads only data.
      const observer = new QueryObserver(setup.client, {
        queryKey: KEY,
        enabled: false,
        notifyOnChangeProps: ['data'],
        select: (groups: Group[]) => groups.find((g) => g.name === name),
      });
      let first = true;
      unsubscribes.push(observer.subscribe(() => {
        if (first) first = false;
        else callbacks += 1;
      }));
    }
    await flush();
    callbacks = 0;
    const mutation = addLocationObserver(setup.client);
    const start = performance.now();
    await mutation.mutate({ name: groupName(500), location: ADDED_LOCATION });
    await flush();
    const ms = performance.now() - start;
    const count = callbacks;
    for (const unsubscribe of unsubscribes) unsubscribe();
    setup.dispose();
    return { ms, count };
  },
};
