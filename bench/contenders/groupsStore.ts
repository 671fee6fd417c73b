import { createGroupsStore, GroupsError, type GroupsStore, type Transport } from '../../src/index.js';
import { afterSubscribe, type Contender, type View } from '../contender.js';
import { HttpError, ORG, type Call } from '../server.js';

// The store goes through its real API client (input checks, answer shape
// checks); only the wire is the bench server's call. A non-2xx answer becomes
// the GroupsError the real transport would raise.
function transportOver(call: Call): Transport {
  return async (request) => {
    try {
      return await call(request.method, request.path);
    } catch (error) {
      if (error instanceof HttpError) {
        throw new GroupsError({ code: error.status >= 500 ? 'server' : 'validation', operation: 'request', status: error.status, detail: error.message });
      }
      throw error;
    }
  };
}

function viewOf(store: GroupsStore, batched: boolean): View {
  return {
    load: async () => void (await store.load()),
    refetch: async () => void (await store.load()),
    addLocation: (name, location) => store.addLocation(name, location),
    together: (issue) => (batched ? store.batch(issue) : issue()),
    shown: () => store.getSnapshot().groups,
    watchList: (callback) => {
      let first = true; // groups$ replays the current list on subscribe
      const subscription = store.groups$.subscribe(() => (first ? (first = false) : callback()));
      return () => subscription.unsubscribe();
    },
    watchAll: (callback) => afterSubscribe(store.subscribe, callback),
    watchGroup: (name, callback) => {
      let first = true;
      const subscription = store.group$(name).subscribe(() => (first ? (first = false) : callback()));
      return () => subscription.unsubscribe();
    },
    dispose: () => store.dispose(),
  };
}

/** This store as its README shows it: commands straight on the store, each emitting once. */
export const groupsStore: Contender = {
  library: 'this store',
  recipe: '',
  doc: 'README: Quick start, The store',
  open: (call) => viewOf(createGroupsStore({ org: ORG, transport: transportOver(call) }), false),
};

/** Commands issued together inside `batch()`: subscribers hear of them once. */
export const groupsStoreBatched: Contender = {
  ...groupsStore,
  recipe: 'batch()',
  doc: 'README: The store, batch(fn)',
  open: (call) => viewOf(createGroupsStore({ org: ORG, transport: transportOver(call) }), true),
};
