import { afterEach } from 'vitest';
import { createFetchTransport, createGroupsStore, type FeedStatus, type GroupsStore, type GroupsStoreOptions } from '../../src/index.js';
import { changeFeed } from '../../src/changes/index.js';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGroupsProxy, type ChangesOptions } from '../../src/proxy/index.js';
import { toNodeHandler } from '../../src/proxy/node.js';
import { BASE_PATH, browserFetch, hasSession, ORG, SERVER_TOKEN, startProxy, type HarnessOptions, type ProxyHarness } from '../proxy/proxyHarness.js';

// Stores as browsers hold them, over real HTTP: each through the proxy on
// loopback (toNodeHandler), the emulator behind it, and the proxy's change
// feed at {basePath}/changes. Each store's requests are recorded, and its
// feed connection can be cut as a network drop would.

export { ORG };

export const FEED_PATH = `${BASE_PATH}/changes`;

type StoreOptions = Omit<Partial<Extract<GroupsStoreOptions, { transport: unknown }>>, 'org' | 'transport'>;

export interface FeedBrowser {
  readonly store: GroupsStore;
  /** API requests sent, as "METHOD /path" below the organization. */
  readonly sent: string[];
  /** The `Last-Event-ID` each feed connection was opened with (`null`: none). */
  readonly connections: Array<string | null>;
  /** Every `feed$` status, in order. */
  readonly statuses: FeedStatus['status'][];
  /** How many list reads it sent. */
  lists(): number;
  /** Cuts its open feed connection, as a network drop would. */
  cut(): void;
  /** Cuts its feed connection and holds every new one until {@link resume}. */
  pause(): void;
  resume(): void;
  /** Holds every API request `request` ("METHOD /path") before it is sent, until the function returned is called. */
  hold(request: string): () => void;
  /** Holds the answer to every API request `request` once the proxy gave it (the server acted), until the function returned is called. */
  holdAnswer(request: string): () => void;
}

const stores: GroupsStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
});

/** The proxy (with its change feed) between two loopback servers; both stop after the test. */
export function startFeedProxy(changes: ChangesOptions | true = { pollInterval: 0 }, harness: HarnessOptions = {}): Promise<ProxyHarness> {
  return startProxy({ ...harness, proxy: { ...harness.proxy, changes } });
}

export interface RestartableProxy {
  readonly harness: ProxyHarness;
  /** The restartable proxy's base URL (its port stays the same across restarts). */
  readonly base: string;
  /** Stops the proxy, dropping every connection, as a process that dies. */
  stop(): Promise<void>;
  /** Starts a new proxy (a new bus: a new epoch) on the same port. */
  restart(): Promise<void>;
}

/** A proxy with its feed on a fixed loopback port, that can die and come back; the emulator behind it stays up. */
export async function startRestartableProxy(changes: ChangesOptions = { pollInterval: 0 }): Promise<RestartableProxy> {
  const harness = await startFeedProxy(changes);
  let server: Server | undefined;
  let port = 0;
  const start = async (): Promise<void> => {
    const handler = createGroupsProxy({ org: ORG, token: SERVER_TOKEN, upstream: harness.upstream.url, basePath: BASE_PATH, authorize: hasSession, changes, onError: () => undefined });
    const listener = toNodeHandler(handler);
    server = createServer((incoming, outgoing) => void listener(incoming, outgoing));
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  };
  const stop = async (): Promise<void> => {
    const running = server;
    server = undefined;
    if (!running) return;
    await new Promise<void>((resolve) => {
      running.close(() => resolve());
      running.closeAllConnections();
    });
  };
  await start();
  restartables.push(stop);
  return { harness, base: `http://127.0.0.1:${port}${BASE_PATH}`, stop, restart: start };
}

const restartables: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(restartables.splice(0).map((stop) => stop()));
});

/** A browser's store on the proxy at `base`, listening to its feed; disposed after the test. */
export function openBrowser(base: string, options: StoreOptions = {}): FeedBrowser {
  const sent: string[] = [];
  const connections: Array<string | null> = [];
  const statuses: FeedStatus['status'][] = [];
  const streams = new Set<AbortController>();
  const holds = new Map<string, Promise<void>>();
  const answerHolds = new Map<string, Promise<void>>();
  let held: Promise<void> | undefined;
  let release = (): void => undefined;
  const apiFetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const request = `${init?.method ?? 'GET'} ${url.pathname.replace(`${BASE_PATH}/v1/organizations/${ORG}`, '')}`;
    // Kept until released: every such request made meanwhile waits (a store's reads of one group, each sent anew).
    await holds.get(request);
    sent.push(request);
    const response = await browserFetch(input, init);
    await answerHolds.get(request);
    return response;
  };
  const feedFetch: typeof globalThis.fetch = async (input, init) => {
    await held;
    connections.push(new Headers(init?.headers).get('last-event-id'));
    const controller = new AbortController();
    init?.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    streams.add(controller);
    return browserFetch(input, { ...init, signal: controller.signal });
  };
  const store = createGroupsStore({
    org: ORG,
    transport: createFetchTransport({ baseURL: base, fetch: apiFetch, retry: 0 }),
    changes: changeFeed({ url: `${base}/changes`, fetch: feedFetch, retryDelay: 50, maxRetryDelay: 400 }),
    ...options,
  });
  stores.push(store);
  store.feed$.subscribe((status) => statuses.push(status.status));
  const cut = (): void => {
    for (const controller of streams) controller.abort();
    streams.clear();
  };
  return {
    store,
    sent,
    connections,
    statuses,
    lists: () => sent.filter((request) => request === 'GET /groups').length,
    cut,
    pause: () => {
      held ??= new Promise((resolve) => (release = resolve));
      cut();
    },
    resume: () => {
      held = undefined;
      release();
    },
    hold: (request) => holdIn(holds, request),
    holdAnswer: (request) => holdIn(answerHolds, request),
  };
}

/** Holds `request` in `holds` until the function returned is called. */
function holdIn(holds: Map<string, Promise<void>>, request: string): () => void {
  let go = (): void => undefined;
  holds.set(request, new Promise((resolve) => (go = resolve)));
  return () => {
    holds.delete(request);
    go();
  };
}

/** Resolves once `check` holds (checked every 10 ms); rejects with `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const by = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > by) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The groups a store shows, as `name:primary|locations`. */
export function shownBy(store: GroupsStore): string[] {
  return store.getSnapshot().groups.map((g) => `${g.name}:${g.primary}|${g.locations.join(',')}`);
}
