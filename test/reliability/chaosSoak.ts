import { createFetchTransport, createGroupsStore, isGroupsError, type Group, type GroupsStore } from '../../src/index.js';
import { changeFeed } from '../../src/changes/index.js';
import { createGroupsProxy } from '../../src/proxy/index.js';
import { createPlatformEmulator, type FaultRule, type PlatformEmulator, type RecordedRequest } from '../../src/emulator/index.js';
import { seededRandom, type Random } from '../../src/emulator/random.js';

// A seeded chaos soak: several stores (tabs) on one emulator, random commands
// in waves, every kind of fault the emulator can inject, and answers delivered
// in a seeded random order (the soak's latency). After each wave settles (a
// quiet point) every store is checked; at the end, one list makes each equal
// to the server. The same seed replays the same commands and deliveries.

export interface SoakOptions {
  readonly seed: number;
  /** Commands to issue, across every store. */
  readonly commands: number;
  /** @default 4 */
  readonly stores?: number;
  /** Most commands issued together in one wave. @default 24 */
  readonly maxWave?: number;
  /**
   * The stores talk to the proxy, with its change feed on, in front of the
   * emulator, and listen to the feed: at every quiet point each store must
   * equal the server without a list of its own (others' changes reach it by
   * the feed), and at the end before the final loads too.
   * @default false
   */
  readonly feed?: boolean;
}

export interface SoakReport {
  readonly seed: number;
  readonly commands: number;
  readonly stores: number;
  readonly waves: number;
  readonly requests: number;
  /** Requests answered with an injected fault, by kind. */
  readonly faults: Readonly<Record<string, number>>;
  readonly faultRate: number;
  /** Commands rejected, by error code (validation ones never reached the wire). */
  readonly rejections: Readonly<Record<string, number>>;
  readonly wallMs: number;
  /** With `feed`: the list requests the stores sent, and every request they sent. */
  readonly storeLists?: number;
  readonly storeRequests?: number;
  /** What went wrong; empty when the soak passed. */
  readonly problems: readonly string[];
}

const NAMES = ['default', 'eu', 'us', 'asia', 'edge', 'stage', 'g-1', 'g-2'];
const LOCATIONS = ['lhr', 'ams', 'fra', 'iad', 'nrt', 'aws-us-east-1'];

// ≥ 15% of requests fail, with every kind the emulator has. 429 and 503 are
// retried by the transport once; the rest reach the store.
const FAULTS: readonly FaultRule[] = [
  { kind: 'status', status: 500, probability: 0.05 },
  { kind: 'status', status: 503, probability: 0.03 },
  { kind: 'status', status: 429, retryAfter: 0, probability: 0.03 },
  { kind: 'malformed', probability: 0.025 },
  { kind: 'drop', phase: 'before', probability: 0.025 },
  { kind: 'drop', phase: 'after', probability: 0.025 },
  { kind: 'stall', probability: 0.003 },
];

type Command =
  | { readonly op: 'create'; readonly name: string; readonly location: string }
  | { readonly op: 'addLocation' | 'removeLocation'; readonly name: string; readonly location: string }
  | { readonly op: 'delete' | 'retrieve' | 'mintToken' | 'invalidateTokens' | 'unarchive' | 'transfer'; readonly name: string }
  | { readonly op: 'setDeleteProtection'; readonly name: string; readonly enabled: boolean }
  | { readonly op: 'load' };

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function randomCommand(random: Random): Command {
  const roll = random();
  const name = pick(random, NAMES);
  const location = pick(random, LOCATIONS);
  if (roll < 0.15) return { op: 'create', name, location };
  if (roll < 0.32) return { op: 'addLocation', name, location };
  if (roll < 0.46) return { op: 'removeLocation', name, location };
  if (roll < 0.54) return { op: 'delete', name };
  if (roll < 0.6) return { op: 'retrieve', name };
  if (roll < 0.64) return { op: 'mintToken', name };
  if (roll < 0.68) return { op: 'invalidateTokens', name };
  if (roll < 0.74) return { op: 'setDeleteProtection', name, enabled: random() < 0.5 };
  if (roll < 0.77) return { op: 'unarchive', name };
  if (roll < 0.8) return { op: 'transfer', name };
  return { op: 'load' };
}

function send(store: GroupsStore, command: Command): Promise<unknown> {
  switch (command.op) {
    case 'create':
      return store.create({ name: command.name, location: command.location });
    case 'addLocation':
      return store.addLocation(command.name, command.location);
    case 'removeLocation':
      return store.removeLocation(command.name, command.location);
    case 'load':
      return store.load();
    case 'setDeleteProtection':
      return store.setDeleteProtection(command.name, command.enabled);
    case 'transfer':
      return store.transfer(command.name, OTHER_ORG);
    case 'delete':
    case 'unarchive':
    case 'retrieve':
    case 'mintToken':
    case 'invalidateTokens':
      return store[command.op](command.name);
  }
}

/** What no server can hold: a primary outside the locations, a location twice, a group twice. */
export function invariantBreaks(groups: readonly Group[]): string[] {
  const breaks: string[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(group.name)) breaks.push(`${group.name} shown twice`);
    seen.add(group.name);
    if (!group.locations.includes(group.primary)) breaks.push(`${group.name}: primary ${group.primary} not among ${group.locations.join(',')}`);
    if (new Set(group.locations).size !== group.locations.length) breaks.push(`${group.name}: a location twice in ${group.locations.join(',')}`);
  }
  return breaks;
}

const describeGroup = (group: Group | undefined): string =>
  group ? `${group.primary}|${group.locations.join(',')}${group.delete_protection === true ? '|protected' : ''}${group.archived === true ? '|archived' : ''}` : 'absent';

/** The organization transfers go to; the emulator serves it with the same token. */
const OTHER_ORG = 'soak-other';

/**
 * Holds every request on its way to the emulator and every answer on its way
 * back, and lets them go one at a time in a seeded random order.
 */
class Delivery {
  readonly #held: Array<() => void> = [];
  constructor(private readonly random: Random) {}

  hold(): Promise<void> {
    return new Promise((resolve) => this.#held.push(resolve));
  }

  /** Lets one held message go; false when none is held. */
  releaseOne(): boolean {
    if (this.#held.length === 0) return false;
    const index = Math.floor(this.random() * this.#held.length);
    const [release] = this.#held.splice(index, 1);
    release?.();
    return true;
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Lets held messages go until `done()`. When none is held, something is on its
 * way (a JWT being signed, a stalled answer timing out, a re-read waiting for
 * its backoff): wait a little. Gives up after `patienceMs` (about) with nothing
 * to deliver; false then.
 */
async function drive(delivery: Delivery, done: () => boolean, afterEach: () => void, patienceMs = 2_000): Promise<boolean> {
  let idle = 0;
  while (!done()) {
    if (delivery.releaseOne()) {
      idle = 0;
      await turn();
      afterEach();
    } else if (++idle > patienceMs / 5) {
      return false;
    } else {
      await (idle < 5 ? turn() : pause(5));
    }
  }
  return true;
}

function countFaults(requests: readonly RecordedRequest[], timeouts: number, malformed: number): Record<string, number> {
  const faults: Record<string, number> = { '500': 0, '503': 0, '429': 0, dropped: 0, malformed, stall: timeouts };
  for (const request of requests) {
    const key = String(request.outcome);
    if (key in faults && key !== 'malformed' && key !== 'stall') faults[key] = (faults[key] ?? 0) + 1;
  }
  return faults;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const storeCount = options.stores ?? 4;
  const maxWave = options.maxWave ?? 24;
  const token = 'soak-platform-token';
  const emulator = createPlatformEmulator({ org: 'soak', token, seed: options.seed, otherOrgs: [OTHER_ORG], groups: [{ name: 'default', locations: ['lhr'] }, { name: 'edge', locations: ['ams'], archived: true }] });
  const delivery = new Delivery(seededRandom(options.seed ^ 0x5eed));
  const problems: string[] = [];
  let timeouts = 0;
  let malformed = 0;
  let feedLists = 0;
  const rejections: Record<string, number> = {};

  const fetch: typeof globalThis.fetch = async (input, init) => {
    await delivery.hold();
    const response = await emulator.fetch(input, init);
    await delivery.hold();
    return response;
  };
  const feed = options.feed === true ? soakFeed(fetch, token) : undefined;
  const stores = Array.from({ length: storeCount }, () =>
    createGroupsStore({
      org: 'soak',
      // A stalled answer is given up after 200 ms; 429/503 are tried once more.
      transport: createFetchTransport({ token, baseURL: feed ? feed.base : 'http://emulator.invalid', fetch: feed ? feed.fetch : fetch, timeout: 200, retry: 1, retryDelay: 0 }),
      ...(feed ? { changes: feed.changes } : {}),
    }),
  );
  // Observed, so that they listen to the feed.
  const watching = feed ? stores.map((store) => store.groups$.subscribe(() => undefined)) : [];
  // Names each store may show differently from the server at a quiet point.
  const uncertain = stores.map(() => new Set<string>(NAMES));

  // Between deliveries too, with answers, rebases and failures half done, every store shows only groups a server could hold.
  let deliveries = 0;
  const checkShown = (): void => {
    deliveries += 1;
    stores.forEach((store, index) => {
      for (const problem of invariantBreaks(store.getSnapshot().groups)) problems.push(`delivery ${deliveries}, store ${index}: ${problem}`);
    });
  };

  try {
    if (feed) {
      // Listening stores start from a list of their own; from then on the feed tells them the rest.
      let loading = stores.length;
      const loads = stores.map((store) => store.load().finally(() => (loading -= 1)));
      if (!(await drive(delivery, () => loading === 0, checkShown))) problems.push('the first loads never settled');
      await Promise.allSettled(loads);
    }
    emulator.setFaults({ failures: FAULTS });
    let issued = 0;
    let waves = 0;
    while (issued < options.commands) {
      waves += 1;
      const size = Math.min(options.commands - issued, 1 + Math.floor(random() * maxWave));
      const touched = stores.map(() => new Set<string>());
      const loaded = stores.map(() => false);
      let unsettled = 0;
      const calls: Array<Promise<void>> = [];
      for (let i = 0; i < size; i++) {
        const at = Math.floor(random() * storeCount);
        const command = randomCommand(random);
        issued += 1;
        unsettled += 1;
        if (command.op !== 'load' && command.op !== 'retrieve') {
          stores.forEach((_, other) => {
            if (other !== at) touched[other]?.add(command.name);
          });
        }
        const store = stores[at] as GroupsStore;
        calls.push(
          send(store, command).then(
            () => {
              unsettled -= 1;
              if (command.op === 'load') loaded[at] = true;
            },
            (error: unknown) => {
              unsettled -= 1;
              if (!isGroupsError(error)) {
                problems.push(`wave ${waves}: ${command.op} rejected with a non-GroupsError: ${String(error)}`);
                return;
              }
              rejections[error.code] = (rejections[error.code] ?? 0) + 1;
              if (error.code === 'timeout') timeouts += 1;
              if (error.code === 'bad_response') malformed += 1;
            },
          ),
        );
      }
      if (!(await drive(delivery, () => unsettled === 0, checkShown))) problems.push(`wave ${waves}: ${unsettled} promises never settled`);
      await Promise.all(calls);
      // Quiet: mutations whose answer was lost are re-read until a read answers (backing off
      // after a failed one: a few seconds at most here).
      const reconciled = (): boolean => stores.every((store) => store.getPending().length === 0);
      if (!(await drive(delivery, reconciled, checkShown, 20_000))) problems.push(`wave ${waves}: unknown outcomes never reconciled`);

      // With the feed, others' changes reach every store by it (a change it could not place by a
      // read of its own): each must come to equal the server without a list.
      if (feed && !(await drive(delivery, () => stores.every((store) => sameAsServer(store, emulator)), checkShown, 10_000))) {
        problems.push(`wave ${waves}: a store still differs from the server with the feed on`);
      }

      // The quiet point: what each store shows, without a list: its own commands' groups as the
      // server holds them (a lost answer included, once re-read); others' changes only after a load
      // (with the feed on, at once).
      const truth = new Map(emulator.snapshot().groups.map((g) => [g.name, g]));
      stores.forEach((store, index) => {
        const mine = uncertain[index] as Set<string>;
        if (loaded[index] || feed) mine.clear();
        if (!feed) for (const name of touched[index] ?? []) mine.add(name);
        const shown = store.getSnapshot().groups;
        for (const problem of invariantBreaks(shown)) problems.push(`wave ${waves}, store ${index}: ${problem}`);
        if (store.getPending().length > 0) problems.push(`wave ${waves}, store ${index}: ${store.getPending().length} mutations still pending`);
        const byName = new Map(shown.map((g) => [g.name, g]));
        for (const name of NAMES) {
          if (mine.has(name)) continue;
          const expected = describeGroup(truth.get(name));
          const actual = describeGroup(byName.get(name));
          if (expected !== actual) problems.push(`wave ${waves}, store ${index}: ${name} shows ${actual}, the server has ${expected}, and no answer was lost`);
        }
      });
      if (problems.length > 0) break;
    }

    // The end: no faults, one list each, and every store equals the server (with the feed, before those lists too).
    emulator.setFaults({});
    if (feed) {
      if (!(await drive(delivery, () => stores.every((store) => sameAsServer(store, emulator)), checkShown, 10_000))) problems.push('with the feed on, a store differs from the server before the final load');
      feedLists = feed.lists();
    }
    let finalsLeft = stores.length;
    const finals = stores.map((store) => store.load().finally(() => (finalsLeft -= 1)));
    if (!(await drive(delivery, () => finalsLeft === 0, checkShown))) problems.push('the final loads never settled');
    await Promise.allSettled(finals);
    const truth = emulator.snapshot().groups.map((g) => `${g.name}:${describeGroup(g)}`);
    stores.forEach((store, index) => {
      const mine = store.getSnapshot().groups.map((g) => `${g.name}:${describeGroup(g)}`);
      if (mine.join(' ') !== truth.join(' ')) problems.push(`after the final load, store ${index} shows [${mine.join(' ')}], the server has [${truth.join(' ')}]`);
    });

    const faults = countFaults(emulator.requests, timeouts, malformed);
    const faultCount = Object.values(faults).reduce((a, b) => a + b, 0);
    return {
      seed: options.seed,
      commands: issued,
      stores: storeCount,
      waves,
      requests: emulator.requests.length,
      faults,
      faultRate: faultCount / Math.max(1, emulator.requests.length),
      rejections,
      wallMs: Math.round(performance.now() - started),
      ...(feed ? { storeLists: feedLists, storeRequests: feed.requests() } : {}),
      problems,
    };
  } finally {
    for (const subscription of watching) subscription.unsubscribe();
    for (const store of stores) store.dispose();
  }
}

/** Whether a store shows, as confirmed and with nothing pending, what the server holds, in any order. */
function sameAsServer(store: GroupsStore, emulator: PlatformEmulator): boolean {
  if (store.getPending().length > 0) return false;
  const mine = store.getConfirmed().map((g) => `${g.name}:${describeGroup(g)}`).sort();
  const truth = emulator.snapshot().groups.map((g) => `${g.name}:${describeGroup(g)}`).sort();
  return mine.join(' ') === truth.join(' ');
}

/**
 * The proxy, with its change feed, in front of the soak's emulator (its
 * upstream fetch is the soak's held one): where the stores send their
 * requests, and the feed they listen to, both in memory.
 */
function soakFeed(upstream: typeof globalThis.fetch, token: string) {
  const proxy = createGroupsProxy({ org: 'soak', token, upstream: 'http://emulator.invalid', fetch: upstream, authorize: () => true, changes: { pollInterval: 0 }, onError: () => undefined });
  let lists = 0;
  let requests = 0;
  const fetch: typeof globalThis.fetch = (input, init) => {
    const request = new Request(input, init);
    requests += 1;
    if (request.method === 'GET' && new URL(request.url).pathname === '/v1/organizations/soak/groups') lists += 1;
    return proxy(request);
  };
  return {
    base: 'http://proxy.invalid',
    fetch,
    changes: changeFeed({ url: 'http://proxy.invalid/changes', fetch: (input: RequestInfo | URL, init?: RequestInit) => proxy(new Request(input, init)), retryDelay: 50, maxRetryDelay: 500 }),
    lists: () => lists,
    requests: () => requests,
  };
}
