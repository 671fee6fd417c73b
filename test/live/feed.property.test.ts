import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFetchTransport, createGroupsStore, manualEnvironment, type BroadcastChannelLike, type Group, type GroupsStore } from '../../src/index.js';
import { changeFeed } from '../../src/changes/index.js';
import { createPlatformEmulator, type FaultRule } from '../../src/emulator/index.js';
import { createGroupsProxy } from '../../src/proxy/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { HeldStream, NumberedUpstream, revOf, valueOf } from './feedModel.js';
import { TestBus, TestLocks } from './liveHarness.js';
import { invariantBreaks } from '../reliability/chaosSoak.js';

// A model-based test of the change feed: several users through one proxy
// with its feed — two browsers of one tab each, and one browser with two tabs
// (cross-tab sync: one tab listens and tells the other; the test delivers
// their messages late, each tab's in the order it sent them, as
// BroadcastChannel does) — mutating the same groups at once, against an
// upstream that fails now and then. fast-check
// decides when each request reaches the proxy, when each upstream answer gets
// back to it (so answers overtake each other), when each answer reaches its
// store; the test decides when each pushed event reaches each store — late,
// twice, again long after, or never, when it cuts the connection (the store
// reconnects with Last-Event-ID).
//
// At every step, for every store:
// 1. what it shows is its confirmed groups with its pending changes on top
//    (a pushed change never undoes a pending one);
// 2. a group its own mutation was confirmed for is never shown, as
//    confirmed, older than that answer (nor back before a confirmed
//    deletion): a pushed change never undoes a newer confirmed one;
// 3. every confirmed value is one the server held;
// 4. every group shown is one a server could hold.
// After it goes quiet (faults off, every event given, every store
// connected): nothing pending, and every store equals the server — without
// a list of its own; then, after one list each, in the server's order too.

const realSetImmediate = setImmediate;

afterEach(() => {
  vi.useRealTimers();
});

/** Stores 0 and 1 are two tabs of one browser; 2 and 3 are browsers of their own. */
const USERS = 4;
const TABS = [0, 1];
const NAMES = ['a', 'b', 'c'] as const;
const LOCATIONS = ['lhr', 'ams', 'fra'] as const;

type Step =
  | { kind: 'create' | 'addLocation' | 'removeLocation'; user: number; name: string; location: string }
  | { kind: 'delete' | 'transfer' | 'unarchive' | 'load'; user: number; name: string }
  | { kind: 'protect'; user: number; name: string; on: boolean }
  | { kind: 'give'; user: number; count: number }
  | { kind: 'twice' | 'cut'; user: number }
  | { kind: 'again'; user: number; at: number }
  | { kind: 'server'; then: number }
  | { kind: 'time'; ms: number }
  | { kind: 'faults'; on: boolean }
  | { kind: 'tabs'; count: number }
  | { kind: 'tabsFrom'; tab: number };

const user = fc.nat({ max: USERS - 1 });
const name = fc.constantFrom(...NAMES);
const location = fc.constantFrom(...LOCATIONS);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('create' as const, 'addLocation' as const, 'removeLocation' as const), user, name, location }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'transfer' as const, 'unarchive' as const, 'load' as const), user, name }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('protect' as const), user, name, on: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('give' as const), user, count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('twice' as const, 'cut' as const), user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('again' as const), user, at: fc.nat({ max: 30 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('server' as const), then: fc.nat({ max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('time' as const), ms: fc.constantFrom(30, 300, 1_500) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('faults' as const), on: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tabs' as const), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tabsFrom' as const), tab: fc.constantFrom(...TABS) }) },
);

const FAULTS: FaultRule[] = [
  { kind: 'status', status: 500, probability: 0.1 },
  { kind: 'status', status: 503, probability: 0.05 },
  { kind: 'drop', phase: 'after', probability: 0.05 },
  { kind: 'drop', phase: 'before', probability: 0.03 },
  { kind: 'malformed', probability: 0.04 },
];

const describeGroup = (g: Group): string => `${g.name}:${valueOf(g)}${g.delete_protection === true ? '|protected' : ''}`;

/** The confirmed groups with the pending mutations applied in order, as the model expects. */
function expected(store: GroupsStore): string[] {
  const groups = new Map(store.getConfirmed().map((g) => [g.name, { primary: g.primary, locations: [...g.locations], archived: g.archived === true, protectedOn: g.delete_protection === true }]));
  for (const m of store.getPending()) {
    const g = groups.get(m.group);
    if (m.operation === 'create') {
      if (!g) groups.set(m.group, { primary: m.location, locations: [m.location], archived: false, protectedOn: false });
    } else if (m.operation === 'delete' || m.operation === 'transfer') groups.delete(m.group);
    else if (m.operation === 'addLocation') {
      if (g && !g.locations.includes(m.location)) g.locations.push(m.location);
    } else if (m.operation === 'removeLocation') {
      if (g && g.primary !== m.location) g.locations = g.locations.filter((l) => l !== m.location);
    } else if (m.operation === 'unarchive') {
      if (g) g.archived = false;
    } else if (m.operation === 'updateConfiguration') {
      if (g) g.protectedOn = m.deleteProtection;
    }
  }
  return [...groups].map(([n, g]) => describeGroup({ name: n, ...g, delete_protection: g.protectedOn })).sort();
}

interface User {
  readonly store: GroupsStore;
  readonly streams: HeldStream[];
  /** Per group, what its own confirmed mutations said last: the rev, and whether the group was there. */
  readonly floors: Map<string, { rev: number; present: boolean }>;
}

describe('stores on one proxy’s change feed converge, whatever the events and the upstream do', () => {
  it('never undoes a pending or a newer confirmed change, and equals the server after going quiet', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(step, { minLength: 10, maxLength: 45 }), fc.integer({ min: 1, max: 2 ** 30 }), fc.boolean(), async (s, steps, seed, polling) => {
        vi.useFakeTimers();
        const emulator = createPlatformEmulator({
          org: ORG,
          token: TOKEN,
          seed,
          otherOrgs: ['staging'],
          groups: [{ name: 'a', locations: ['lhr'] }, { name: 'b', locations: ['ams', 'fra'], archived: true }],
        });
        const upstream = new NumberedUpstream(emulator, ORG, s);
        const proxy = createGroupsProxy({
          org: ORG,
          token: TOKEN,
          upstream: 'http://upstream.invalid',
          fetch: upstream.fetch,
          basePath: '/api',
          authorize: () => true,
          changes: { pollInterval: 0 },
          onError: () => undefined,
        });

        // The two tabs' channel holds every message until the test delivers it.
        const tabBus = new TestBus();
        const channels = TABS.map(() => tabBus.channel());
        const locks = new TestLocks();
        // Every arrival (an answer, a pushed event, a tab's message) at a moment of its own, as on
        // a real clock: the tabs' clocks (hybrid, on the wall clock they share) then order what
        // each learnt as it happened.
        const later = (): void => {
          vi.setSystemTime(Date.now() + 1);
        };
        const users: User[] = Array.from({ length: USERS }, (_, i) => {
          const streams: HeldStream[] = [];
          const apiFetch: typeof globalThis.fetch = async (input, init) => {
            await s.schedule(Promise.resolve(), `user ${i}: request reaches the proxy`);
            later();
            const response = await proxy(new Request(input, init));
            await s.schedule(Promise.resolve(), `user ${i}: answer arrives`);
            later();
            return response;
          };
          const feedFetch: typeof globalThis.fetch = async (input, init) => {
            const stream = new HeldStream(await proxy(new Request(input, init)), later);
            streams.push(stream);
            return stream.response;
          };
          const store = createGroupsStore({
            org: ORG,
            transport: createFetchTransport({ baseURL: 'http://proxy.test/api', fetch: apiFetch, retry: 0 }),
            changes: changeFeed({ url: 'http://proxy.test/api/changes', fetch: feedFetch, retryDelay: 20, maxRetryDelay: 200, idleTimeout: 2_000_000_000 }),
            maxPollBackoff: 5_000,
            ...(polling ? { refetchInterval: 1_000 } : {}),
            ...(TABS.includes(i) ? { crossTab: { channel: channels[i] as BroadcastChannelLike }, environment: manualEnvironment({ locks }) } : {}),
          });
          store.groups$.subscribe(() => undefined); // observed: it listens
          return { store, streams, floors: new Map() };
        });
        const current = (u: User): HeldStream | undefined => u.streams.at(-1);

        const problems: string[] = [];
        const check = (when: string): void => {
          users.forEach((u, i) => {
            const shown = u.store.getSnapshot().groups;
            for (const b of invariantBreaks(shown)) problems.push(`${when}, user ${i}: cannot hold ${b}`);
            const mine = shown.map(describeGroup).sort();
            const model = expected(u.store);
            if (mine.join(' ') !== model.join(' ')) problems.push(`${when}, user ${i}: shows ${mine.join(' ')}, expected ${model.join(' ')}`);
            const confirmed = new Map(u.store.getConfirmed().map((g) => [g.name, g]));
            for (const g of confirmed.values()) {
              if (!upstream.held.has(`${g.name}@${revOf(g)}:${valueOf(g)}`)) problems.push(`${when}, user ${i}: confirmed ${g.name}@${revOf(g)}:${valueOf(g)}, which the server never held`);
            }
            for (const [group, floor] of u.floors) {
              const g = confirmed.get(group);
              if (g === undefined) continue;
              if (revOf(g) < floor.rev || (!floor.present && revOf(g) === floor.rev)) {
                problems.push(`${when}, user ${i}: confirmed ${group}@${revOf(g)}, older than its own confirmed answer @${floor.rev}${floor.present ? '' : ' (gone)'}`);
              }
            }
          });
        };
        const floor = (u: User, group: string, answer: unknown, present: boolean): void => {
          const rev = revOf(answer as Group);
          const known = u.floors.get(group);
          if (rev >= 0 && (known === undefined || rev >= known.rev)) u.floors.set(group, { rev, present });
        };
        const deliver = (index?: number): void => {
          later();
          tabBus.deliver(index);
        };
        const giveAll = (): void => {
          while (tabBus.queue.length > 0) deliver();
          for (const u of users) {
            const stream = current(u);
            if (stream?.open) stream.give(stream.waiting.length);
          }
        };
        const waiting = (): boolean => users.some((u) => (current(u)?.waiting.length ?? 0) > 0);
        /**
         * Lets everything run (events given, answers delivered, a second of time passing per round
         * for retries and reconnections) until `done()` holds with nothing on its way for longer
         * than the longest retry wait (`maxPollBackoff`, 5 s).
         */
        const drain = async (done: () => boolean): Promise<void> => {
          for (let round = 0, still = 0; round < 400 && still < 8; round++) {
            giveAll();
            await s.waitAll();
            await new Promise((resolve) => realSetImmediate(resolve));
            still = s.count() === 0 && !waiting() && tabBus.queue.length === 0 && done() ? still + 1 : 0;
            await vi.advanceTimersByTimeAsync(1_000);
          }
        };

        const calls: Array<Promise<unknown>> = [];
        const ignore = (): void => undefined;
        try {
          // Every user has loaded, and listens.
          const loads = users.map((u) => u.store.load());
          let loaded = false;
          void Promise.all(loads).then(() => (loaded = true), ignore);
          await drain(() => loaded);
          expect(loaded).toBe(true);
          emulator.setFaults({ failures: FAULTS });

          for (const [index, st] of steps.entries()) {
            const u = 'user' in st ? (users[st.user] as User) : undefined;
            switch (st.kind) {
              case 'create':
                calls.push((u as User).store.create({ name: st.name, location: st.location }).then((g) => floor(u as User, st.name, g, true), ignore));
                break;
              case 'addLocation':
              case 'removeLocation':
                calls.push((u as User).store[st.kind](st.name, st.location).then((g) => floor(u as User, st.name, g, true), ignore));
                break;
              case 'unarchive':
                calls.push((u as User).store.unarchive(st.name).then((g) => floor(u as User, st.name, g, true), ignore));
                break;
              case 'delete':
                calls.push((u as User).store.delete(st.name).then((g) => floor(u as User, st.name, g, false), ignore));
                break;
              case 'transfer':
                calls.push((u as User).store.transfer(st.name, 'staging').then((g) => floor(u as User, st.name, g, false), ignore));
                break;
              case 'protect':
                calls.push((u as User).store.setDeleteProtection(st.name, st.on).catch(ignore));
                break;
              case 'load':
                calls.push((u as User).store.load().catch(ignore));
                break;
              case 'give':
                current(u as User)?.give(st.count);
                break;
              case 'twice':
                current(u as User)?.giveTwice();
                break;
              case 'again':
                current(u as User)?.giveAgain(st.at);
                break;
              case 'cut':
                current(u as User)?.cut();
                break;
              case 'server':
                await s.waitNext(Math.min(st.then, s.count()));
                break;
              case 'time':
                await vi.advanceTimersByTimeAsync(st.ms);
                break;
              case 'faults':
                emulator.setFaults(st.on ? { failures: FAULTS } : {});
                break;
              case 'tabs':
                for (let n = 0; n < st.count; n++) if (tabBus.queue.length > 0) deliver();
                break;
              case 'tabsFrom': {
                // The oldest message one tab sent still on its way: the other tab's may wait longer.
                const at = tabBus.queue.findIndex((message) => message.from === channels[st.tab]);
                if (at >= 0) deliver(at);
                break;
              }
            }
            await new Promise((resolve) => realSetImmediate(resolve));
            check(`step ${index} (${st.kind})`);
          }

          // Quiet: faults off, every answer and event delivered, every store listening again.
          emulator.setFaults({});
          // One tab listens for its browser; the other hears through it.
          const listening = (i: number): 'connected' | 'follower' => (i === 1 ? 'follower' : 'connected');
          await drain(() => users.every((u, i) => u.store.getPending().length === 0 && u.store.getFeed().status === listening(i)));
          await Promise.all(calls);
          check('quiet');
          expect(problems).toEqual([]);
          const truth = emulator.snapshot(ORG).groups.map((g) => `${g.name}@${upstream.rev(g.name)}:${valueOf(g)}${g.delete_protection === true ? '|protected' : ''}`);
          for (const [i, u] of users.entries()) {
            expect({ user: i, pending: u.store.getPending(), feed: u.store.getFeed().status }).toEqual({ user: i, pending: [], feed: listening(i) });
            // Without a list of its own: the feed (or, for the second tab, the first) told it everything.
            const mine = u.store.getConfirmed().map((g) => `${g.name}@${revOf(g)}:${valueOf(g)}${g.delete_protection === true ? '|protected' : ''}`);
            expect({ user: i, groups: [...mine].sort() }).toEqual({ user: i, groups: [...truth].sort() });
          }
          // One list each, and the server's order too.
          for (const u of users) {
            let listed = false;
            void u.store.load().then(() => (listed = true), ignore);
            await drain(() => listed);
            expect(u.store.getSnapshot().groups.map(describeGroup)).toEqual(emulator.snapshot(ORG).groups.map(describeGroup));
          }
        } finally {
          for (const u of users) u.store.dispose();
          vi.useRealTimers();
        }
      }),
      // FEED_RUNS runs more; FEED_SEED and FEED_PATH (from a failure's report) replay one run.
      { numRuns: Number(process.env['FEED_RUNS'] ?? 60), ...(process.env['FEED_SEED'] ? { seed: Number(process.env['FEED_SEED']), path: process.env['FEED_PATH'] ?? '0', endOnFailure: true } : {}) },
    );
  }, 300_000);
});
