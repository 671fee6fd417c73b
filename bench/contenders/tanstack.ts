import { MutationObserver, notifyManager, QueryClient, QueryObserver } from '@tanstack/query-core';
import type { Group } from '../../src/index.js';
import { withAdded, withoutAdded, type Contender, type View } from '../contender.js';
import { LIST_PATH, locationPath, type Call } from '../server.js';

// TanStack Query's core, driven as its React/Vue/Svelte adapters drive it: a
// mounted QueryObserver per view, a MutationObserver for the command.
//
// Notifications: TanStack defers them to its notifyManager's scheduler,
// setTimeout(0) by default. Node clamps that to 1 ms, a page's unnested
// setTimeout(0) is not clamped (Chromium); setImmediate is the unclamped
// macrotask here, so TanStack's observers hear of a change as soon as they
// would in a page. (Set once: the bench runs no other TanStack code.)
notifyManager.setScheduler((callback) => setImmediate(callback));

const KEY = ['groups'];
const MUTATION_KEY = ['groups', 'addLocation'];

interface Variables {
  readonly name: string;
  readonly location: string;
}

/**
 * A per-group view selects its group from the list. One index per list,
 * shared by every observer's `select`, so a change costs one pass over the
 * list, not one per observer (TanStack memoizes `select` by data and function).
 */
const indexes = new WeakMap<readonly Group[], Map<string, Group>>();
function indexOf(groups: readonly Group[]): Map<string, Group> {
  let index = indexes.get(groups);
  if (!index) {
    index = new Map(groups.map((g) => [g.name, g]));
    indexes.set(groups, index);
  }
  return index;
}

type Settle = 'write the answer' | 'invalidate after the last';

const detailKey = (name: string): string[] => ['groups', 'detail', name];

/**
 * `details`: a per-group view observes its own query, seeded from the list
 * (the "pull" approach: initialData from the list's cache), and a command
 * writes its group into that query as well as into the list.
 */
function open(call: Call, settle: Settle, details = false): View {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.mount();
  const queryFn = async (): Promise<Group[]> => ((await call('GET', LIST_PATH)) as { groups: Group[] }).groups;
  const unsubscribes: Array<() => void> = [];
  const mapList = (update: (g: Group) => Group): void => {
    client.setQueryData<Group[]>(KEY, (old) => old?.map(update));
  };
  const change = (name: string, update: (g: Group) => Group): void => {
    mapList((g) => (g.name === name ? update(g) : g));
    if (details) client.setQueryData<Group>(detailKey(name), (old) => old && update(old));
  };
  const mutation = new MutationObserver<Group, Error, Variables>(client, {
    mutationKey: MUTATION_KEY,
    mutationFn: async ({ name, location }) => ((await call('POST', locationPath(name, location))) as { group: Group }).group,
    // The documented optimistic update: cancel outgoing refetches (they would
    // overwrite it), then write the change into the cached list.
    onMutate: async ({ name, location }) => {
      await client.cancelQueries({ queryKey: KEY });
      change(name, (g) => withAdded(g, location));
    },
    // Take back this change only: restoring a snapshot would also take back
    // the other commands in flight.
    onError: (_error, { name, location }) => change(name, (g) => withoutAdded(g, location)),
    ...(settle === 'write the answer'
      ? // Updates from Mutation Responses: the server's group goes into the list;
        // structural sharing keeps the list when it equals what is shown.
        { onSuccess: (group: Group) => change(group.name, () => group) }
      : // Concurrent Optimistic Updates: only the last mutation to settle
        // invalidates, and returns the promise so it stays pending until the refetch lands.
        { onSettled: () => (client.isMutating({ mutationKey: MUTATION_KEY }) === 1 ? client.invalidateQueries({ queryKey: KEY }) : undefined) }),
  });
  const observe = (options: ConstructorParameters<typeof QueryObserver<Group[], Error, unknown>>[1], callback: () => void): (() => void) =>
    track(new QueryObserver<Group[], Error, unknown>(client, options).subscribe(() => callback()));
  const track = (unsubscribe: () => void): (() => void) => {
    unsubscribes.push(unsubscribe);
    return unsubscribe;
  };
  const observeDetail = (name: string, callback: () => void): (() => void) =>
    track(
      new QueryObserver<Group | undefined>(client, {
        queryKey: detailKey(name),
        enabled: false,
        notifyOnChangeProps: ['data'],
        initialData: () => client.getQueryData<Group[]>(KEY)?.find((g) => g.name === name),
      }).subscribe(() => callback()),
    );
  return {
    async load() {
      await client.fetchQuery({ queryKey: KEY, queryFn });
      // The view that shows the list: mounted, so invalidation refetches it.
      // Polls are asked for explicitly (refetch), so nothing else refetches.
      observe({ queryKey: KEY, queryFn, staleTime: Number.POSITIVE_INFINITY, notifyOnChangeProps: ['data'] }, () => undefined);
    },
    refetch: () => client.refetchQueries({ queryKey: KEY }),
    addLocation: (name, location) => mutation.mutate({ name, location }),
    together: (issue) => issue(),
    shown: () => client.getQueryData<Group[]>(KEY) ?? [],
    // A list view reading `data` only: what React's tracked results notify it for.
    watchList: (callback) => observe({ queryKey: KEY, enabled: false, notifyOnChangeProps: ['data'] }, callback),
    // An observer that tracks every prop (fetching flags, timestamps).
    watchAll: (callback) => observe({ queryKey: KEY, enabled: false }, callback),
    watchGroup: (name, callback) =>
      details
        ? observeDetail(name, callback)
        : observe({ queryKey: KEY, enabled: false, notifyOnChangeProps: ['data'], select: (groups: Group[]) => indexOf(groups).get(name) }, callback),
    dispose() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      mutation.reset();
      client.clear();
      client.unmount();
    },
  };
}

export const tanstackWriteAnswer: Contender = {
  library: '@tanstack/query-core',
  recipe: 'write the answer',
  doc: 'TanStack Query guides: "Optimistic Updates" (via the cache) and "Updates from Mutation Responses"',
  open: (call) => open(call, 'write the answer'),
};

export const tanstackInvalidateLast: Contender = {
  library: '@tanstack/query-core',
  recipe: 'invalidate after the last',
  doc: 'TkDodo (TanStack Query maintainer), "Concurrent Optimistic Updates in React Query": invalidate only when the last mutation settles',
  open: (call) => open(call, 'invalidate after the last'),
};

/** W3 only: what differs is how a per-group view reads its group. */
export const tanstackDetailQueries: Contender = {
  library: '@tanstack/query-core',
  recipe: 'detail queries',
  doc: 'TkDodo, "Seeding the Query Cache" (pull: initialData from the list), and TanStack Query "Optimistic Updates" (a single item\'s query) with "Updates from Mutation Responses"',
  open: (call) => open(call, 'write the answer', true),
};
