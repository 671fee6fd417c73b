// The cost of one command as the store holds more groups (100, 1,000,
// 10,000, 100,000): in batch(), where nothing is emitted until the end, it
// must stay flat; one by one, each command emits a new list, whose copy
// grows with the groups. One store per size, loaded once; rounds of 100
// addLocation then 100 removeLocation of the same location, on groups spread
// over the list, so every round starts from the same state. The server is in
// process, answers at once with fresh objects (as JSON.parse gives), and its
// time is left out. After the rounds, what the store shows must be what the
// server holds.
import { createGroupsStore, type Group, type GroupsStore, type Transport } from '../src/index.js';
import { equalJson } from './contender.js';
import { recordPass } from './finalState.js';
import { median } from './measure.js';
import { groupName, ORG, seedGroups } from './seed.js';

export const SCALING_SIZES = [100, 1_000, 10_000, 100_000] as const;
/** Commands a round issues, on as many groups. */
const COMMANDS = 100;
const LOCATION = 'ams';

export interface ScalingRow {
  readonly groups: number;
  /** µs a command takes to issue inside batch(): checked, queued, shown; nothing emitted (the batch's one emission comes after). */
  readonly issueUs: number;
  /** µs a command, from the first issued in batch() to the last settled (sent, answered, confirmed), over one emission. */
  readonly batchedUs: number;
  /** µs a command issued on its own (each emits a new list), from the first issued to the last settled. */
  readonly oneByOneUs: number;
  /** µs to copy and freeze a list of this many groups: what one new list costs at least. */
  readonly listCopyUs: number;
}

/** A server holding `count` groups, answering list, addLocation and removeLocation in process. */
class ScalingServer {
  readonly #groups = new Map<string, Group>();
  spentMs = 0;

  constructor(count: number) {
    for (const group of seedGroups(count)) this.#groups.set(group.name, group as Group);
  }

  groups(): Group[] {
    return [...this.#groups.values()];
  }

  readonly transport: Transport = (request) => {
    const start = performance.now();
    try {
      return Promise.resolve(this.#answer(request.method, request.path));
    } finally {
      this.spentMs += performance.now() - start;
    }
  };

  #answer(method: string, path: string): unknown {
    const parts = path.split('/'); // ['', 'v1', 'organizations', org, 'groups', name?, 'locations', location?]
    if (parts.length === 5 && method === 'GET') return { groups: this.groups().map(copy) };
    const name = decodeURIComponent(parts[5] ?? '');
    const location = decodeURIComponent(parts[7] ?? '');
    const group = this.#groups.get(name);
    if (!group || parts[6] !== 'locations') throw new Error(`scaling server: ${method} ${path}`);
    const locations = method === 'POST' ? [...group.locations, location] : group.locations.filter((l) => l !== location);
    const next = { ...group, locations };
    this.#groups.set(name, next);
    return { group: copy(next) };
  }
}

/** A fresh object, as a parsed answer is. */
function copy(group: Group): Group {
  return { ...group, locations: [...group.locations] };
}

/** µs a command over one round: `COMMANDS` commands issued (in batch() or not), then awaited. */
async function round(store: GroupsStore, server: ScalingServer, count: number, add: boolean, batched: boolean): Promise<{ issueUs: number; totalUs: number }> {
  const step = Math.floor(count / COMMANDS);
  let issued = 0;
  let serverIssued = 0;
  const issue = (): Array<Promise<unknown>> => {
    const promises: Array<Promise<unknown>> = [];
    for (let i = 0; i < COMMANDS; i++) {
      const name = groupName(i * step);
      promises.push(add ? store.addLocation(name, LOCATION) : store.removeLocation(name, LOCATION));
    }
    // Inside batch(), before its one emission.
    issued = performance.now();
    serverIssued = server.spentMs;
    return promises;
  };
  const serverBefore = server.spentMs;
  const start = performance.now();
  const promises = batched ? store.batch(issue) : issue();
  await Promise.all(promises);
  const end = performance.now();
  const issueUs = ((issued - start - (serverIssued - serverBefore)) * 1000) / COMMANDS;
  const totalUs = ((end - start - (server.spentMs - serverBefore)) * 1000) / COMMANDS;
  return { issueUs, totalUs };
}

function listCopyUs(list: readonly Group[], runs: number): number {
  const samples: number[] = [];
  let kept: readonly Group[] = list;
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now();
    kept = Object.freeze([...kept]);
    if (i >= 2) samples.push((performance.now() - start) * 1000);
  }
  return median(samples);
}

/** One row per size: medians of `runs` rounds each way, after 4 warm-up rounds (and a whole warm-up pass on the smallest). */
export async function commandScaling(runs: number): Promise<ScalingRow[]> {
  await measureSize(SCALING_SIZES[0], runs); // the JIT's warm-up, not reported
  const rows: ScalingRow[] = [];
  for (const count of SCALING_SIZES) rows.push(await measureSize(count, runs));
  return rows;
}

async function measureSize(count: number, runs: number): Promise<ScalingRow> {
  const server = new ScalingServer(count);
  const store = createGroupsStore({ org: ORG, transport: server.transport });
  const subscription = store.groups$.subscribe(() => undefined);
  try {
    await store.load();
    const issue: number[] = [];
    const batched: number[] = [];
    const oneByOne: number[] = [];
    // Each round adds the location, the next removes it: rounds come in pairs, alternating the two ways.
    for (let r = 0; r < 4 + runs; r++) {
      for (const way of [true, false]) {
        const first = await round(store, server, count, true, way);
        const second = await round(store, server, count, false, way);
        if (r < 4) continue;
        if (way) {
          issue.push(first.issueUs, second.issueUs);
          batched.push(first.totalUs, second.totalUs);
        } else {
          oneByOne.push(first.totalUs, second.totalUs);
        }
      }
    }
    const truth = server.groups();
    const shown = store.getSnapshot().groups;
    if (shown.length !== truth.length || shown.some((group, i) => !equalJson(group, truth[i]))) {
      throw new Error(`scaling, ${count} groups: this store ended showing something else than the server holds`);
    }
    recordPass(`scaling ${count.toLocaleString('en')}`, 'this store');
    return { groups: count, issueUs: median(issue), batchedUs: median(batched), oneByOneUs: median(oneByOne), listCopyUs: listCopyUs(shown, runs) };
  } finally {
    subscription.unsubscribe();
    store.dispose();
  }
}

export function scalingTable(rows: readonly ScalingRow[]): string {
  const first = rows[0];
  const lines = rows.map((r) =>
    [
      r.groups.toLocaleString('en'),
      `${r.issueUs.toFixed(1)} µs`,
      first ? `${(r.issueUs / first.issueUs).toFixed(2)}×` : '-',
      `${r.batchedUs.toFixed(1)} µs`,
      `${r.oneByOneUs.toFixed(1)} µs`,
      `${r.listCopyUs.toFixed(1)} µs`,
    ].join(' | '),
  );
  return [
    '| groups | a command issued in batch(), nothing emitted | vs the smallest | in batch(), issued to settled (one emission a round) | one by one, issued to settled (an emission each) | copying and freezing the list once |',
    '|---|---|---|---|---|---|',
    ...lines.map((line) => `| ${line} |`),
  ].join('\n');
}
