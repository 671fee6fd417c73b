import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFetchTransport, createGroupsStore, manualEnvironment, type Group, type GroupsStore, type ManualEnvironment } from '../../src/index.js';
import { createPlatformEmulator, type FaultRule } from '../../src/emulator/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { MemoryStorage } from '../support/memoryStorage.js';
import { TestBus, TestLocks } from './liveHarness.js';

// Several tabs on one emulator, with polling, focus and reconnect signals,
// cross-tab messages delayed, dropped, duplicated and reordered, and injected
// server faults; fast-check decides every interleaving.
//
// What a tab may show before the system goes quiet:
// 1. only groups a server could hold (primary among the locations, each
//    location once, each group once);
// 2. as confirmed, only values the server really held at some moment;
// 3. what it shows is its confirmed groups with its own pending changes on top.
// After it goes quiet (every tab online, unknown outcomes re-read): nothing is
// pending; after one list each, every tab equals the server.
// Tabs persist into one storage, as the tabs of one origin do: a tab may
// reload (made again from what was stored), and what a tab held offline when
// it closed or reloaded is sent by whichever tab takes it over: each
// mutation issued reaches the server at most once.

// Taken before any test fakes the timers: the quiet check needs a real turn of the event loop.
const realSetImmediate = setImmediate;

afterEach(() => {
  vi.useRealTimers();
});

const NAMES = ['a', 'b', 'c'] as const;
const LOCATIONS = ['lhr', 'ams', 'fra'] as const;
const TABS = 3;

type Step =
  | { kind: 'create'; tab: number; name: string; location: string }
  | { kind: 'addLocation' | 'removeLocation'; tab: number; name: string; location: string }
  | { kind: 'delete' | 'load' | 'focus' | 'offline' | 'online' | 'hide' | 'show' | 'close' | 'reload'; tab: number; name: string }
  | { kind: 'time'; ms: number }
  | { kind: 'deliver' | 'drop' | 'duplicate'; at: number }
  | { kind: 'server'; then: number };

const tab = fc.nat({ max: TABS - 1 });
const name = fc.constantFrom(...NAMES);
const location = fc.constantFrom(...LOCATIONS);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('create' as const, 'addLocation' as const, 'removeLocation' as const), tab, name, location }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'load' as const, 'focus' as const, 'offline' as const, 'online' as const, 'hide' as const, 'show' as const, 'close' as const, 'reload' as const), tab, name }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('time' as const), ms: fc.constantFrom(200, 600, 1100) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('deliver' as const, 'drop' as const, 'duplicate' as const), at: fc.nat({ max: 20 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('server' as const), then: fc.nat({ max: 4 }) }) },
);

const FAULTS: FaultRule[] = [
  { kind: 'status', status: 500, probability: 0.1 },
  { kind: 'drop', phase: 'after', probability: 0.05 },
];

const describeGroup = (g: Group): string => `${g.name}:${g.primary}|${g.locations.join(',')}`;

function broken(groups: readonly Group[]): string[] {
  const names = new Set<string>();
  const out: string[] = [];
  for (const g of groups) {
    if (names.has(g.name)) out.push(`${g.name} twice`);
    names.add(g.name);
    if (!g.locations.includes(g.primary) || new Set(g.locations).size !== g.locations.length) out.push(describeGroup(g));
  }
  return out;
}

/** The confirmed groups with the pending mutations applied in order, as the model expects. */
function expected(confirmed: readonly Group[], store: GroupsStore): string[] {
  const groups = new Map(confirmed.map((g) => [g.name, { primary: g.primary, locations: [...g.locations] }]));
  for (const m of store.getPending()) {
    const g = groups.get(m.group);
    if (m.operation === 'create') {
      if (!g) groups.set(m.group, { primary: m.location, locations: [m.location] });
    } else if (m.operation === 'delete') groups.delete(m.group);
    else if (m.operation === 'addLocation') {
      if (g && !g.locations.includes(m.location)) g.locations.push(m.location);
    } else if (m.operation === 'removeLocation') {
      if (g && g.primary !== m.location) g.locations = g.locations.filter((l) => l !== m.location);
    }
  }
  return [...groups].map(([n, g]) => `${n}:${g.primary}|${g.locations.join(',')}`).sort();
}

describe('tabs converge, whatever the messages and the server do', () => {
  it('keeps the invariants at every step and equals the server after going quiet', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(step, { minLength: 15, maxLength: 50 }), fc.integer({ min: 1, max: 2 ** 30 }), async (s, steps, seed) => {
        vi.useFakeTimers();
        const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, seed, groups: [{ name: 'a', locations: ['lhr'] }, { name: 'b', locations: ['ams', 'fra'] }] });
        // Every value the server ever held, per group, to check what tabs confirm.
        const held = new Set(emulator.snapshot().groups.map(describeGroup));
        // Each mutation request that reached the server, and each one a tab was asked for: the first never outnumbers the second.
        const reached = new Map<string, number>();
        const issued = new Map<string, number>();
        const count = (counts: Map<string, number>, key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1);
        const fetch: typeof globalThis.fetch = async (input, init) => {
          await s.schedule(Promise.resolve(), 'reaches the server');
          const method = init?.method ?? 'GET';
          if (method !== 'GET' && !init?.signal?.aborted) {
            const path = new URL(String(input)).pathname.replace(`/v1/organizations/${ORG}`, '');
            const name = typeof init?.body === 'string' ? (JSON.parse(init.body) as { name?: string }).name : undefined;
            count(reached, `${method} ${path}${name === undefined ? '' : ` ${name}`}`);
          }
          const response = await emulator.fetch(input, init);
          // What the server answered, it held at that moment (other requests may have changed it since).
          const body: unknown = await response.clone().json().catch(() => undefined);
          const answered = body as { group?: Group; groups?: Group[] } | undefined;
          for (const g of [...(answered?.groups ?? []), ...(answered?.group ? [answered.group] : [])]) held.add(describeGroup(g));
          await s.schedule(Promise.resolve(), 'answer arrives');
          return response;
        };
        const bus = new TestBus();
        const locks = new TestLocks();
        const storage = new MemoryStorage();
        const tabs: Array<{ store: GroupsStore; env: ManualEnvironment; open: boolean }> = [];
        const makeStore = (env: ManualEnvironment): GroupsStore => {
          const store = createGroupsStore({
            org: ORG,
            transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch, retry: 0 }),
            environment: env,
            crossTab: { channel: bus.channel() },
            refetchInterval: 1000,
            staleTime: 500,
            persist: { storage: storage.persister(), base: 'http://emulator.invalid' },
          });
          store.groups$.subscribe(() => undefined); // observed: polls and focus refreshes run
          return store;
        };
        const openTab = (): void => {
          const env = manualEnvironment({ locks });
          tabs.push({ store: makeStore(env), env, open: true });
        };
        for (let i = 0; i < TABS; i++) openTab();
        emulator.setFaults({ failures: FAULTS });
        const calls: Array<Promise<unknown>> = [];
        const problems: string[] = [];
        const check = (when: string): void => {
          tabs.forEach(({ store, open }, i) => {
            if (!open) return;
            const shown = store.getSnapshot().groups;
            for (const b of broken(shown)) problems.push(`${when}, tab ${i}: cannot hold ${b}`);
            for (const g of store.getConfirmed()) if (!held.has(describeGroup(g))) problems.push(`${when}, tab ${i}: confirmed ${describeGroup(g)}, which the server never held`);
            const mine = shown.map(describeGroup).sort();
            const model = expected(store.getConfirmed(), store);
            if (mine.join(' ') !== model.join(' ')) problems.push(`${when}, tab ${i}: shows ${mine.join(' ')}, expected ${model.join(' ')}`);
          });
        };
        const ignore = (): void => undefined;
        try {
          for (const [index, st] of steps.entries()) {
            const t = 'tab' in st ? tabs[st.tab] : undefined;
            const store = t?.open ? t.store : undefined;
            switch (st.kind) {
              case 'create':
                if (store) calls.push(store.create({ name: st.name, location: st.location }).catch(ignore));
                if (store) count(issued, `POST /groups ${st.name}`);
                break;
              case 'addLocation':
              case 'removeLocation':
                if (store) calls.push(store[st.kind](st.name, st.location).catch(ignore));
                if (store) count(issued, `${st.kind === 'addLocation' ? 'POST' : 'DELETE'} /groups/${st.name}/locations/${st.location}`);
                break;
              case 'delete':
                if (store) calls.push(store.delete(st.name).catch(ignore));
                if (store) count(issued, `DELETE /groups/${st.name}`);
                break;
              case 'load':
                if (store) calls.push(store.load().catch(ignore));
                break;
              case 'focus':
                t?.env.focus();
                break;
              case 'offline':
                t?.env.setOnline(false);
                break;
              case 'online':
                t?.env.setOnline(true);
                break;
              case 'hide':
                t?.env.setVisible(false);
                break;
              case 'show':
                t?.env.setVisible(true);
                break;
              case 'close':
                // A tab closes (never the last): its lock passes on, its messages stop.
                if (t?.open && tabs.filter((x) => x.open).length > 1) {
                  t.store.dispose();
                  t.open = false;
                }
                break;
              case 'reload':
                // The tab's page reloads: made again from what was stored, in the same browser (its network, its visibility).
                if (t?.open) {
                  t.store.dispose();
                  t.store = makeStore(t.env);
                }
                break;
              case 'time':
                vi.advanceTimersByTime(st.ms);
                break;
              case 'deliver':
                bus.deliver(bus.queue.length === 0 ? 0 : st.at % bus.queue.length);
                break;
              case 'drop':
                if (bus.queue.length > 0) bus.queue.splice(st.at % bus.queue.length, 1);
                break;
              case 'duplicate':
                if (bus.queue.length > 0) bus.deliver(st.at % bus.queue.length, { keep: true });
                break;
              case 'server':
                await s.waitNext(Math.min(st.then, s.count()));
                break;
            }
            check(`step ${index} (${st.kind})`);
          }
          // Quiet: every tab online and shown, faults off, every message and answer delivered.
          emulator.setFaults({});
          const open = tabs.filter((t) => t.open);
          for (const t of open) {
            t.env.setOnline(true);
            t.env.setVisible(true);
          }
          // Quiet means nothing scheduled and nothing on the bus across a few real turns of the
          // event loop: an answer being parsed schedules its arrival only after such a turn.
          // A re-read of an unknown outcome that failed waits for its backoff: time moves on for it.
          const reconciling = (): boolean => open.some((t) => t.store.getPending().length > 0);
          for (let round = 0, still = 0; round < 200 && still < 3; round++) {
            bus.deliverAll();
            await s.waitAll();
            await new Promise((resolve) => realSetImmediate(resolve));
            const waiting = reconciling();
            if (waiting && s.count() === 0) vi.advanceTimersByTime(5_000);
            still = s.count() === 0 && bus.queue.length === 0 && !waiting ? still + 1 : 0;
          }
          expect(s.count()).toBe(0);
          await s.waitFor(Promise.all(calls));
          check('quiet');
          for (const t of open) expect(t.store.getPending()).toEqual([]);
          // One list each, and every tab equals the server.
          for (const t of open) {
            await s.waitFor(t.store.load());
            bus.deliverAll();
          }
          const truth = emulator.snapshot().groups.map(describeGroup);
          for (const t of open) expect(t.store.getSnapshot().groups.map(describeGroup)).toEqual(truth);
          expect(problems).toEqual([]);
          // Each mutation reached the server at most as often as it was issued: none twice, whatever tab took it over.
          const twice = [...reached].filter(([key, times]) => times > (issued.get(key) ?? 0));
          expect(twice).toEqual([]);
        } finally {
          for (const t of tabs) t.store.dispose();
          vi.useRealTimers();
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
