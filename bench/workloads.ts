// The workloads, written once over the View contract, so every contender is
// driven by the same code. Each trial makes its own server and store, and
// ends with the final-state check.
//
// The clock stops when the last expected callback has run: every watcher
// marks the time it is called, and so does the end of the command's promise;
// the wait for deferred notifications comes after and is not timed. The
// server's own time (its state, JSON out and in) is left out.
import { getHeapStatistics } from 'node:v8';
import type { Contender, View } from './contender.js';
import { checkFinalState } from './finalState.js';
import { median, type Sample } from './measure.js';
import { BenchServer, groupName, LIST_PATH } from './server.js';

export const GROUP_COUNT = 10_000;
export const ADDED_LOCATION = 'ams';

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Lets deferred notifications run (TanStack's notifyManager, timers): never inside a timed span. */
async function quiet(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setImmediate(resolve));
}

/** Time from start() to the last mark(), less the server's time in between. */
class Clock {
  readonly #server: BenchServer;
  #start = 0;
  #last = 0;
  #serverAtStart = 0;
  #serverAtLast = 0;

  constructor(server: BenchServer) {
    this.#server = server;
  }

  start(): void {
    this.#start = this.#last = performance.now();
    this.#serverAtStart = this.#serverAtLast = this.#server.spentMs;
  }

  mark(): void {
    const now = performance.now();
    if (now < this.#last) return;
    this.#last = now;
    this.#serverAtLast = this.#server.spentMs;
  }

  get ms(): number {
    return this.#last - this.#start - (this.#serverAtLast - this.#serverAtStart);
  }
}

async function finish(workload: string, contender: Contender, view: View, server: BenchServer): Promise<void> {
  await quiet();
  try {
    checkFinalState(workload, contender, view, server);
  } finally {
    view.dispose();
  }
}

/** W1: load the list into an empty store, then load it again unchanged; list emissions. */
export async function loadTwice(contender: Contender): Promise<Sample> {
  const server = new BenchServer(GROUP_COUNT);
  const view = contender.open(server.call);
  const clock = new Clock(server);
  let lists = 0;
  view.watchList(() => {
    lists += 1;
    clock.mark();
  });
  const timed = async (load: () => Promise<void>): Promise<Sample> => {
    const before = lists;
    server.prepareList();
    gc();
    clock.start();
    await load();
    clock.mark();
    await quiet();
    return { ms: clock.ms, counts: [lists - before] };
  };
  const first = await timed(() => view.load());
  const again = await timed(() => view.refetch());
  await finish('W1', contender, view, server);
  return { ms: first.ms + again.ms, counts: [lists], parts: [first, again] };
}

export interface CommandsOptions {
  readonly count: number;
  /** Every fifth command fails (503) and rolls back. */
  readonly failing?: boolean;
  /** A list refetch is started after half the commands are issued. */
  readonly refetchMidway?: boolean;
}

/**
 * W2: `count` add-location commands issued at once over a 10,000-group
 * store; time until all settled and shown. Counts list emissions, list
 * requests and rejected commands.
 */
export async function commands(contender: Contender, options: CommandsOptions): Promise<Sample> {
  const { count, failing = false, refetchMidway = false } = options;
  const server = new BenchServer(GROUP_COUNT);
  const view = contender.open(server.call);
  await view.load();
  await quiet();
  if (failing) server.failWhen((name) => Number(name.slice('group-'.length)) % 5 === 4);
  if (refetchMidway) server.holdListUntil(count / 2);
  const clock = new Clock(server);
  let lists = 0;
  view.watchList(() => {
    lists += 1;
    clock.mark();
  });
  const listsBefore = server.requests.list;
  gc();
  clock.start();
  const settled = view.together(() => {
    const promises: Array<Promise<unknown>> = [];
    for (let i = 0; i < count; i++) {
      promises.push(view.addLocation(groupName(i), ADDED_LOCATION));
      if (refetchMidway && i === count / 2 - 1) promises.push(view.refetch());
    }
    return promises;
  });
  const results = await Promise.allSettled(settled);
  clock.mark();
  await quiet();
  const ms = clock.ms;
  const rejected = results.filter((r) => r.status === 'rejected').length;
  const counts = [lists, server.requests.list - listsBefore, rejected];
  const answeredBefore = server.listsAfter[listsBefore];
  if (refetchMidway && answeredBefore !== count / 2) {
    throw new Error(`W2f: the refetch was answered after ${answeredBefore} commands, not ${count / 2}: the workload did not run as described`);
  }
  await finish(failing ? 'W2f' : 'W2', contender, view, server);
  return { ms, counts };
}

/** W3: 1,000 per-group subscribers, one group changes; callbacks after the change. */
export async function oneOfManyChanges(contender: Contender): Promise<Sample> {
  const server = new BenchServer(GROUP_COUNT);
  const view = contender.open(server.call);
  await view.load();
  const clock = new Clock(server);
  let callbacks = 0;
  for (let i = 0; i < 1000; i++) {
    view.watchGroup(groupName(i), () => {
      callbacks += 1;
      clock.mark();
    });
  }
  await quiet();
  callbacks = 0;
  gc();
  clock.start();
  await view.addLocation(groupName(500), ADDED_LOCATION);
  clock.mark();
  await quiet();
  const ms = clock.ms;
  const counts = [callbacks];
  await finish('W3', contender, view, server);
  return { ms, counts };
}

export const DASHBOARD_GROUPS = 50;
export const UNCHANGED_POLLS = 200;

/**
 * W4: a 50-group dashboard polled 200 times with nothing changed, then once
 * after one group changed elsewhere. Time per poll; list emissions and
 * subscribe notifications, over the unchanged polls and for the changed one.
 */
export async function dashboard(contender: Contender): Promise<Sample> {
  const server = new BenchServer(DASHBOARD_GROUPS);
  const view = contender.open(server.call);
  await view.load();
  await quiet();
  const clock = new Clock(server);
  let lists = 0;
  let all = 0;
  view.watchList(() => {
    lists += 1;
    clock.mark();
  });
  view.watchAll(() => {
    all += 1;
    clock.mark();
  });
  const poll = async (): Promise<number> => {
    server.prepareList();
    clock.start();
    await view.refetch();
    clock.mark();
    await quiet();
    return clock.ms;
  };
  const times: number[] = [];
  for (let p = 0; p < UNCHANGED_POLLS; p++) times.push(await poll());
  const [listsUnchanged, allUnchanged] = [lists, all];
  server.changeElsewhere(groupName(7), ADDED_LOCATION);
  const changedMs = await poll();
  await finish('W4', contender, view, server);
  return {
    ms: median(times),
    counts: [listsUnchanged, allUnchanged],
    parts: [{ ms: changedMs, counts: [lists - listsUnchanged, all - allUnchanged] }],
  };
}

function heapUsed(): number {
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
}

/** W5: bytes the store retains after loading 10,000 groups (after GC), with one list subscriber. */
export async function retainedHeap(contender: Contender): Promise<number> {
  const server = new BenchServer(GROUP_COUNT);
  const before = heapUsed();
  const view = contender.open(server.call);
  view.watchList(() => undefined);
  server.prepareList();
  await view.load();
  await quiet();
  const bytes = heapUsed() - before;
  await finish('W5', contender, view, server);
  return bytes;
}

/** W5's yardstick: the parsed array itself, held by nothing else. */
export async function rawArrayHeap(): Promise<number> {
  const server = new BenchServer(GROUP_COUNT);
  const before = heapUsed();
  server.prepareList();
  const { groups } = (await server.call('GET', LIST_PATH)) as { groups: unknown[] };
  const bytes = heapUsed() - before;
  if (groups.length !== GROUP_COUNT) throw new Error('raw array: wrong length');
  return bytes;
}
