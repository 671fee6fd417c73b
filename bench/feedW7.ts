// W7: real time for every user. 50 stores (50 browsers) on one proxy over
// real HTTP, the emulator behind it on a loopback port of its own; one of
// them creates a group every second. Measured: how long after the command
// each of the 49 others shows the group (p50, p99), and how many requests
// reach the upstream per minute; with the proxy's change feed (the stores
// still poll every 10 s, slowed to a 60 s safety net while connected; the
// proxy polls the upstream every 15 s while anyone listens), against the same
// stores polling every 10 s without a feed, as TanStack Query's
// refetchInterval would. Everything runs in this one process, on a busy
// machine: the latencies include the proxy's and the other stores' work.
//
//   node --import tsx bench/feedW7.ts [seconds]
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createFetchTransport, createGroupsStore, type GroupsStore } from '../src/index.js';
import { changeFeed } from '../src/changes/index.js';
import { createPlatformEmulator } from '../src/emulator/index.js';
import { listen } from '../src/emulator/node.js';
import { createGroupsProxy } from '../src/proxy/index.js';
import { toNodeHandler } from '../src/proxy/node.js';

export interface W7Result {
  readonly mode: 'feed' | 'polling';
  readonly stores: number;
  /** Groups created (one a second). */
  readonly changes: number;
  /** ms from each create's command to each other store showing the group, sorted. */
  readonly latencies: readonly number[];
  /** Creates some store never showed within the wait after the run. */
  readonly missed: number;
  /** Requests the upstream got per minute, during the run. */
  readonly upstreamPerMinute: number;
  /** Of which list requests (the stores' polls, the proxy's poll). */
  readonly upstreamListsPerMinute: number;
}

const ORG = 'bench';
const TOKEN = 'w7-upstream-token';
const POLL_MS = 10_000;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const by = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > by) return false;
    await sleep(20);
  }
  return true;
}

/** One run of W7: `stores` browsers for `seconds`, with the change feed or polling only. */
export async function runW7(mode: 'feed' | 'polling', options: { stores?: number; seconds?: number } = {}): Promise<W7Result> {
  const storeCount = options.stores ?? 50;
  const seconds = options.seconds ?? 60;
  const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: [{ name: 'default', locations: ['lhr'] }] });
  let counting = false;
  let upstreamRequests = 0;
  let upstreamLists = 0;
  const upstream = await listen((request) => {
    if (counting) {
      upstreamRequests += 1;
      if (request.method === 'GET' && new URL(request.url).pathname === `/v1/organizations/${ORG}/groups`) upstreamLists += 1;
    }
    return emulator.handle(request);
  });
  const proxy = createGroupsProxy({ org: ORG, token: TOKEN, upstream: upstream.url, authorize: () => true, ...(mode === 'feed' ? { changes: { pollInterval: 15_000 } } : {}), onError: () => undefined });
  const server = createServer(toNodeHandler(proxy));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // When each store first showed each group.
  const seen = Array.from({ length: storeCount }, () => new Map<string, number>());
  const stores: GroupsStore[] = [];
  const subscriptions: Array<{ unsubscribe(): void }> = [];
  for (let i = 0; i < storeCount; i++) {
    const store = createGroupsStore({
      org: ORG,
      transport: createFetchTransport({ baseURL: base }),
      refetchInterval: POLL_MS,
      ...(mode === 'feed' ? { changes: changeFeed({ url: `${base}/changes` }) } : {}),
    });
    stores.push(store);
    const mine = seen[i] as Map<string, number>;
    subscriptions.push(
      store.groups$.subscribe((groups) => {
        const now = performance.now();
        for (const group of groups) if (!mine.has(group.name)) mine.set(group.name, now);
      }),
    );
  }
  try {
    await Promise.all(stores.map((store) => store.load()));
    if (mode === 'feed' && !(await until(() => stores.every((store) => store.getFeed().status === 'connected'), 30_000))) {
      throw new Error('W7: not every store connected to the feed in 30 s');
    }
    const writer = stores[0] as GroupsStore;
    const sentAt = new Map<string, number>();
    counting = true;
    const started = performance.now();
    for (let k = 0; k < seconds; k++) {
      const name = `w7-${k}`;
      const due = started + k * 1_000;
      await sleep(Math.max(0, due - performance.now()));
      sentAt.set(name, performance.now());
      void writer.create({ name, location: 'lhr' }).catch(() => undefined);
    }
    await sleep(Math.max(0, started + seconds * 1_000 - performance.now()));
    counting = false;
    const minutes = (performance.now() - started) / 60_000;
    // The last creates reach polling stores at their next poll.
    await until(() => seen.slice(1).every((mine) => [...sentAt.keys()].every((name) => mine.has(name))), POLL_MS + 5_000);
    const latencies: number[] = [];
    let missed = 0;
    for (const mine of seen.slice(1)) {
      for (const [name, at] of sentAt) {
        const shown = mine.get(name);
        if (shown === undefined) missed += 1;
        else latencies.push(shown - at);
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      mode,
      stores: storeCount,
      changes: sentAt.size,
      latencies,
      missed,
      upstreamPerMinute: upstreamRequests / minutes,
      upstreamListsPerMinute: upstreamLists / minutes,
    };
  } finally {
    for (const subscription of subscriptions) subscription.unsubscribe();
    for (const store of stores) store.dispose();
    server.closeAllConnections();
    server.close();
    await upstream.close();
  }
}

/** The lines `npm run bench:live` prints for W7. */
export function w7Lines(results: readonly W7Result[]): string[] {
  const lines = ['| | change to the other screens, p50 | p99 | upstream requests / min (of which lists) | missed |', '|---|---|---|---|---|'];
  for (const r of results) {
    const label = r.mode === 'feed' ? 'change feed (+ 60 s safety-net poll; proxy polls every 15 s)' : 'polling every 10 s (refetchInterval)';
    lines.push(`| ${label} | ${percentile(r.latencies, 50).toFixed(0)} ms | ${percentile(r.latencies, 99).toFixed(0)} ms | ${r.upstreamPerMinute.toFixed(0)} (${r.upstreamListsPerMinute.toFixed(0)}) | ${r.missed} |`);
  }
  const [first] = results;
  if (first) lines.push(``, `${first.stores} stores, one creating a group a second for ${first.changes} s; latency over ${first.latencies.length} (store, change) pairs per row.`);
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seconds = Number(process.argv[2] ?? 60);
  const results = [await runW7('feed', { seconds }), await runW7('polling', { seconds })];
  for (const line of w7Lines(results)) console.log(line);
  process.exit(0);
}
