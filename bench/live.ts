// npm run bench:live: what live data costs (and W7, the change feed against polling, at the end). An unchanged poll (the same fold
// as load(), on the in-memory emulator, no latency) for a 50-group dashboard
// and a 10,000-group list: time per poll and what it emits. And what a
// cross-tab message costs the tab that receives it. Medians over many runs.
import { createFetchTransport, createGroupsStore, type BroadcastChannelLike, type GroupsStore } from '../src/index.js';
import { createPlatformEmulator } from '../src/emulator/index.js';
import { measureFeedMemory } from './feedMemory.js';
import { runW7, w7Lines } from './feedW7.js';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** A channel pair delivering synchronously, so the receiver's own work is what is timed. */
function pair(): [BroadcastChannelLike, BroadcastChannelLike, () => number] {
  const listeners: Array<Set<(event: { data: unknown }) => void>> = [new Set(), new Set()];
  let held: Array<{ to: number; data: unknown }> = [];
  const make = (me: number): BroadcastChannelLike => ({
    postMessage: (data) => held.push({ to: 1 - me, data: structuredClone(data) }),
    addEventListener: (_type, listener) => listeners[me]?.add(listener),
    removeEventListener: (_type, listener) => listeners[me]?.delete(listener),
    close: () => listeners[me]?.clear(),
  });
  /** Delivers what is held; returns the ms spent in the receivers. */
  const deliver = (): number => {
    const batch = held;
    held = [];
    const start = performance.now();
    for (const { to, data } of batch) for (const listener of listeners[to] ?? []) listener({ data });
    return performance.now() - start;
  };
  return [make(0), make(1), deliver];
}

function seed(count: number): Array<{ name: string; locations: string[] }> {
  return Array.from({ length: count }, (_, i) => ({ name: `g-${i}`, locations: ['lhr', 'ams'] }));
}

async function unchangedPoll(count: number, runs: number): Promise<string> {
  const emulator = createPlatformEmulator({ org: 'bench', token: 't', groups: seed(count) });
  const store = createGroupsStore({ org: 'bench', transport: createFetchTransport({ token: 't', baseURL: 'http://emulator.invalid', fetch: emulator.fetch }) });
  await store.load();
  let lists = 0;
  let snapshots = 0;
  let statuses = 0;
  const subscriptions = [store.groups$.subscribe(() => lists++), store.status$.subscribe(() => statuses++)];
  const stop = store.subscribe(() => snapshots++);
  [lists, snapshots, statuses] = [0, 0, 0];
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await store.load();
    times.push(performance.now() - start);
  }
  stop();
  for (const s of subscriptions) s.unsubscribe();
  store.dispose();
  return `${String(count).padStart(6)} groups: ${median(times).toFixed(3)} ms per unchanged poll (request, shape check, fold); per poll ${lists / runs} groups$ emissions, ${statuses / runs} status$ emissions (fetching on, then success), ${snapshots / runs} subscribe notifications`;
}

async function crossTab(count: number, runs: number): Promise<string[]> {
  const emulator = createPlatformEmulator({ org: 'bench', token: 't', groups: seed(count) });
  const [one, two, deliver] = pair();
  const transport = createFetchTransport({ token: 't', baseURL: 'http://emulator.invalid', fetch: emulator.fetch });
  const a: GroupsStore = createGroupsStore({ org: 'bench', transport, crossTab: { channel: one } });
  const b: GroupsStore = createGroupsStore({ org: 'bench', transport, crossTab: { channel: two } });
  deliver();
  await a.load();
  deliver();
  const listTimes: number[] = [];
  const groupTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    await a.load(); // an unchanged list: B folds it and finds nothing new
    listTimes.push(deliver());
    await a.addLocation('g-0', i % 2 === 0 ? 'fra' : 'nrt');
    groupTimes.push(deliver());
    await a.removeLocation('g-0', i % 2 === 0 ? 'fra' : 'nrt');
    deliver();
  }
  a.dispose();
  b.dispose();
  return [
    `${String(count).padStart(6)} groups: a confirmed change (one group) costs the receiving tab ${median(groupTimes).toFixed(3)} ms`,
    `${String(count).padStart(6)} groups: an unchanged list from the polling tab costs the receiving tab ${median(listTimes).toFixed(3)} ms (structured clone excluded)`,
  ];
}

console.log('Unchanged poll (what one poll costs the polling tab):');
console.log(await unchangedPoll(50, 400));
console.log(await unchangedPoll(10_000, 30));
console.log('\nCross-tab messages (what the other tabs pay, with no request):');
for (const line of [...(await crossTab(50, 200)), ...(await crossTab(10_000, 20))]) console.log(line);

// W7 (bench/feedW7.ts): 50 browsers on one proxy, one creating a group a second; `npm run bench:live -- 60` for 60 s runs.
const w7Seconds = Number(process.argv[2] ?? 60);
console.log(`\nW7, real time for every user (${w7Seconds} s per row, over real HTTP on loopback):`);
for (const line of w7Lines([await runW7('feed', { seconds: w7Seconds }), await runW7('polling', { seconds: w7Seconds })])) console.log(line);
const memory = await measureFeedMemory(200);
console.log(`\nThe proxy's memory per connected browser (bench/feedMemory.ts, ${memory.connections} streams): ${(memory.heapPerConnection / 1024).toFixed(1)} KiB of heap (RSS ${(memory.rssPerConnection / 1024).toFixed(1)} KiB)`);
process.exit(0);
