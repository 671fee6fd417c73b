import type { GroupsError } from '../errors.js';
import type { GroupsStore } from '../store/groupsStore.js';
import { inspectGroupsStore } from './inspectGroupsStore.js';
import { describeInput } from './mutationInput.js';
import { eventDetail } from './timeline.js';

/** The part of the Redux DevTools extension's connection the adapter uses. */
export interface ReduxDevtoolsConnection {
  init(state: unknown): void;
  send(action: { readonly type: string }, state: unknown): void;
  unsubscribe?(): void;
}

/** The part of `window.__REDUX_DEVTOOLS_EXTENSION__` the adapter uses. */
export interface ReduxDevtoolsExtension {
  connect(options: { readonly name: string }): ReduxDevtoolsConnection;
}

export interface ReduxDevtoolsOptions {
  /**
   * The instance's name in the extension's list.
   * @default 'turso-groups-store'
   */
  readonly name?: string | undefined;
  /**
   * The extension to talk to.
   * @default window.__REDUX_DEVTOOLS_EXTENSION__ (nothing happens when it is not installed)
   */
  readonly extension?: ReduxDevtoolsExtension | undefined;
}

function errorData(error: GroupsError | undefined): { code: string; status: number | undefined; message: string } | undefined {
  return error && { code: error.code, status: error.status, message: error.message };
}

function feedData(store: GroupsStore): unknown {
  if (typeof store.getFeed !== 'function') return undefined;
  const feed = store.getFeed();
  return feed.status === 'reconnecting' ? { status: feed.status, error: errorData(feed.error) } : feed;
}

/**
 * The store as the extension shows it: plain data, errors as their code,
 * status and message, pending mutations as names, locations and options
 * (never a token: the store holds none).
 */
export function reduxState(store: GroupsStore): unknown {
  const { groups, status, meta } = store.getSnapshot();
  return {
    groups,
    confirmed: store.getConfirmed(),
    status: { ...status, error: errorData(status.error), refreshError: errorData(status.refreshError) },
    meta: Object.fromEntries([...meta].map(([name, groupMeta]) => [name, { ...groupMeta, error: errorData(groupMeta.error) }])),
    feed: feedData(store),
    pending: store.getPending().map((mutation) => ({ id: mutation.id, operation: mutation.operation, group: mutation.group, input: describeInput(mutation) })),
    inspection: inspectGroupsStore(store),
  };
}

/**
 * Sends each of the store's events to the Redux DevTools extension, as an
 * action (`"failure addLocation"`, with its command id, group and detail)
 * with the store's state after it, for people who already use that
 * extension. Does nothing when the extension is not there. Returns the
 * function that stops it.
 *
 * @example
 * if (import.meta.env.DEV) connectReduxDevtools(store)
 */
export function connectReduxDevtools(store: GroupsStore, options: ReduxDevtoolsOptions = {}): () => void {
  const extension = options.extension ?? (globalThis as { __REDUX_DEVTOOLS_EXTENSION__?: ReduxDevtoolsExtension }).__REDUX_DEVTOOLS_EXTENSION__;
  if (typeof extension?.connect !== 'function') return () => undefined;
  const connection = extension.connect({ name: options.name ?? 'turso-groups-store' });
  connection.init(reduxState(store));
  const subscription = store.events$.subscribe((event) => {
    const action = { type: `${event.type} ${event.operation}`, id: event.id, group: event.group, detail: eventDetail(event) };
    connection.send(action, reduxState(store));
  });
  return () => {
    subscription.unsubscribe();
    connection.unsubscribe?.();
  };
}
