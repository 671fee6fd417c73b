// npm run bench: the workloads users run, on this store and its peers side by
// side in one process, round-robin, each peer as its experts write it (where
// a peer has two reasonable recipes, both run and the faster is reported).
// Every run of every contender ends with a check that what it shows is what
// the server holds; a contender that ends wrong is reported as failed and the
// bench exits non-zero. Ratios are peer / this store (above 1: this store is
// faster, or smaller), against this store without batch().
import { cpus, loadavg } from 'node:os';
import { label, type Contender, type Library } from './contender.js';
import { elf, elfOneUpdate } from './contenders/elf.js';
import { groupsStore, groupsStoreBatched } from './contenders/groupsStore.js';
import { tanstackDetailQueries, tanstackInvalidateLast, tanstackWriteAnswer } from './contenders/tanstack.js';
import { passedChecks } from './finalState.js';
import { firstRender } from './firstRender.js';
import { persistedFirstRender, persistedRenderReport } from './persistedFirstRender.js';
import { measureAll, median, type Failure, type Result, type Sample } from './measure.js';
import { designFloor } from './designFloor.js';
import { aims, aimsTable } from './aims.js';
import { commandScaling, scalingTable } from './groupScaling.js';
import { writeReadmeBlocks } from './readmeResults.js';
import { emulatorCost } from './emulatorCost.js';
import { coreShares, entrySizes, kb, overBudget, readBudget, sizeTable } from './size.js';
import { commands, dashboard, DASHBOARD_GROUPS, GROUP_COUNT, loadTwice, oneOfManyChanges, rawArrayHeap, retainedHeap, UNCHANGED_POLLS } from './workloads.js';

/** How many measured runs each workload gets (after its warm-up rounds). */
const RUNS = { w1: 15, w2: 5, w3: 9, w4: 7, w5: 5, w6: 9, w8: 9, scaling: 5 } as const;

const LIBRARIES: readonly Library[] = ['this store', '@ngneat/elf', '@tanstack/query-core'];
const PEERS = LIBRARIES.slice(1);
/** One contender per library, where the recipes do not differ (no command, or one). */
const ONE_EACH: readonly Contender[] = [groupsStore, elf, tanstackWriteAnswer];
const ALL: readonly Contender[] = [groupsStore, groupsStoreBatched, elf, elfOneUpdate, tanstackWriteAnswer, tanstackInvalidateLast];

type Outcome = Result | Failure;
const isFailure = (o: Outcome | undefined): o is Failure => o !== undefined && 'failed' in o;
const failures: string[] = [];

/** One workload's outcomes by contender. */
interface Row {
  readonly workload: string;
  readonly counted: string;
  readonly outcomes: ReadonlyMap<Contender, Outcome>;
}

/** The library's fastest recipe that ended right (this store: its default, without batch()). */
function pick(row: Row, library: Library): { contender: Contender; result: Result } | undefined {
  let best: { contender: Contender; result: Result } | undefined;
  for (const [contender, outcome] of row.outcomes) {
    if (contender.library !== library || isFailure(outcome)) continue;
    if (library === 'this store' && contender !== groupsStore) continue;
    if (!best || outcome.medianMs < best.result.medianMs) best = { contender, result: outcome };
  }
  return best;
}

const ms = (value: number): string => (value >= 100 ? `${value.toFixed(0)} ms` : value >= 1 ? `${value.toFixed(2)} ms` : `${value.toFixed(3)} ms`);
const ratio = (value: number): string => (value >= 10 ? `${value.toFixed(0)}×` : `${value.toFixed(2)}×`);
const cell = (result: Result, recipe: string): string => `${ms(result.medianMs)} (${result.counts.join(', ')})${recipe ? ` [${recipe}]` : ''}`;

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function run(workload: string, counted: string, contenders: readonly Contender[], trial: (c: Contender) => Promise<Sample>, runs: number, warmup = 2): Promise<Row> {
  const started = performance.now();
  const outcomes = await measureAll(contenders, trial, runs, warmup);
  const row: Row = { workload, counted, outcomes: new Map(contenders.map((c, i) => [c, outcomes[i] as Outcome])) };
  for (const [contender, outcome] of row.outcomes) if (isFailure(outcome)) failures.push(`${label(contender)}: ${outcome.failed}`);
  console.error(`  ${workload}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return row;
}

/** A part (W1a, W1b; W4's changed poll) as a row of its own. */
function partRow(row: Row, part: number, workload: string, counted: string): Row {
  const outcomes = new Map<Contender, Outcome>();
  for (const [contender, outcome] of row.outcomes) outcomes.set(contender, isFailure(outcome) ? outcome : (outcome.parts[part] as Result));
  return { workload, counted, outcomes };
}

function mainRow(row: Row): string[] {
  const mine = pick(row, 'this store');
  const cells = LIBRARIES.map((library) => {
    const best = pick(row, library);
    if (!best) return [...row.outcomes].some(([c, o]) => c.library === library && isFailure(o)) ? 'failed (final state wrong)' : '-';
    const recipes = [...row.outcomes.keys()].filter((c) => c.library === library).length;
    return cell(best.result, library === 'this store' || recipes < 2 ? '' : best.contender.recipe);
  });
  const ratios = PEERS.map((library) => {
    const best = pick(row, library);
    return best && mine ? ratio(best.result.medianMs / mine.result.medianMs) : '-';
  });
  return [`${row.workload} [${row.counted}]`, ...cells, ...ratios];
}

function recipeRows(row: Row): string[][] {
  const mine = pick(row, 'this store');
  return [...row.outcomes].map(([contender, outcome]) => {
    if (isFailure(outcome)) return [row.workload, label(contender), 'failed', outcome.failed, '-'];
    return [row.workload, label(contender), ms(outcome.medianMs), outcome.counts.join(', '), mine ? ratio(outcome.medianMs / mine.result.medianMs) : '-'];
  });
}

function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, Node ${process.version}`;
}

const started = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
console.log(`turso-groups-store benchmarks: ${machine()}, load average ${loadAtStart.toFixed(1)} at start${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for W5)'}\n`);

// The server, and why it is not the emulator's fetch.
const cost = await emulatorCost();
console.log(
  `Server: the emulator's own EmulatedGroups in process, answering instantly, its time left out of every timing; answers are fresh JSON.parse'd objects.\n` +
    `Through the emulator's fetch instead, a 10,000-group list costs ${ms(cost.listMs)} and an addLocation ${(cost.addLocationMs * 1000).toFixed(0)} µs ` +
    `(Request/Response objects, routing, JSON), against ${ms(cost.serverListMs)} and ${(cost.serverAddLocationMs * 1000).toFixed(1)} µs in process: about what this store spends per command, so it would time the emulator.\n` +
    `JSON.parse of the 10,000-group answer alone: ${ms(cost.parseMs)}, the same for every contender and in no time below.\n`,
);

console.error('Running (progress on stderr):');
const w1 = await run('W1 load 10,000, then reload unchanged', 'list emissions', ONE_EACH, loadTwice, RUNS.w1);
// Right after W1, in the same state of the process, so the two compare.
const floor = designFloor(RUNS.w1);
const w2 = await run('W2 1,000 addLocation', 'list emissions, list requests, rejected', ALL, (c) => commands(c, { count: 1000 }), RUNS.w2, 1);
const w2f = await run('W2f 1,000 addLocation, 20% fail, a refetch lands midway', 'list emissions, list requests, rejected', ALL, (c) => commands(c, { count: 1000, failing: true, refetchMidway: true }), RUNS.w2, 1);
const w3 = await run('W3 1,000 group subscribers, 1 change', 'callbacks', [groupsStore, elf, tanstackWriteAnswer, tanstackInvalidateLast, tanstackDetailQueries], oneOfManyChanges, RUNS.w3);
const w4 = await run(`W4 dashboard: per unchanged poll, ${DASHBOARD_GROUPS} groups`, `list emissions, subscribe notifications over ${UNCHANGED_POLLS} polls`, ONE_EACH, dashboard, RUNS.w4, 1);

// W5: retained heap, round-robin, with the raw array as one more contender.
const heapStarted = performance.now();
const heap = new Map<string, number[]>();
for (let round = 0; round < RUNS.w5 + 1; round++) {
  for (let k = 0; k <= ONE_EACH.length; k++) {
    const i = (round + k) % (ONE_EACH.length + 1);
    const contender = ONE_EACH[i];
    const name = contender ? contender.library : 'raw array';
    try {
      const bytes = contender ? await retainedHeap(contender) : await rawArrayHeap();
      if (round > 0) heap.set(name, [...(heap.get(name) ?? []), bytes]);
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
}
console.error(`  W5: ${((performance.now() - heapStarted) / 1000).toFixed(1)} s`);

const w6Started = performance.now();
const w6 = await firstRender(RUNS.w6);
console.error(`  W6: ${((performance.now() - w6Started) / 1000).toFixed(1)} s`);
const w8Started = performance.now();
const w8 = await persistedFirstRender(RUNS.w8);
console.error(`  W8: ${((performance.now() - w8Started) / 1000).toFixed(1)} s`);

// W2 must grow linearly with the number of pending mutations: all N are issued before any answer.
const sizes = [250, 500, 1000, 2000];
const scaled = await measureAll(sizes, (n) => commands(groupsStore, { count: n }), RUNS.scaling);
// One command as the store holds more groups: flat when nothing is emitted.
const scalingStarted = performance.now();
const groupScaling = await commandScaling(RUNS.scaling * 2);
console.error(`  scaling with the groups: ${((performance.now() - scalingStarted) / 1000).toFixed(1)} s`);

const entrySizeList = await entrySizes();
const shares = await coreShares();

// ── the report ───────────────────────────────────────────────────────────
const rows: Row[] = [
  w1,
  partRow(w1, 0, 'W1a first load', 'list emissions'),
  partRow(w1, 1, 'W1b unchanged reload', 'list emissions'),
  w2,
  w2f,
  w3,
  w4,
  partRow(w4, 0, 'W4 the poll that finds one group changed', 'list emissions, subscribe notifications'),
];
const header = ['workload [counted]', ...LIBRARIES, ...PEERS.map((p) => `${p} / this store`)];
const heapRaw = median(heap.get('raw array') ?? []);
const heapCell = (name: string): string => {
  const bytes = median(heap.get(name) ?? []);
  return `${(bytes / 1024 / 1024).toFixed(2)} MB (${(bytes / heapRaw).toFixed(2)}× the array)`;
};
const heapMine = median(heap.get('this store') ?? []);
const w6Mine = w6.find((r) => r.library === 'this store');
const w6Cell = (library: Library): string => {
  const r = w6.find((x) => x.library === library);
  return r ? `${ms(r.paintedMs)} (code ran at ${ms(r.startedMs)}, DOM built at ${ms(r.renderedMs)}; script ${kb(r.scriptGzip)} gz)` : '-';
};
const resultsTable =
  table(header, [
    ...rows.map(mainRow),
    [`W5 retained heap, ${GROUP_COUNT.toLocaleString('en')} groups, after GC [× the parsed array alone, ${(heapRaw / 1024 / 1024).toFixed(2)} MB]`, ...LIBRARIES.map(heapCell), ...PEERS.map((p) => ratio(median(heap.get(p) ?? []) / heapMine))],
    ['W6 first render, 1,000 groups, headless Chromium [navigation to list painted]', ...LIBRARIES.map(w6Cell), ...PEERS.map((p) => {
      const r = w6.find((x) => x.library === p);
      return r && w6Mine ? ratio(r.paintedMs / w6Mine.paintedMs) : '-';
    })],
  ]);
console.log(resultsTable);
const w1aMine = pick(partRow(w1, 0, 'W1a', ''), 'this store')?.result.medianMs ?? Number.NaN;
console.log(
  `\nThe floor of this design under W1a and W5, on 10,000 freshly parsed groups and nothing else: indexing them by name in a Map ${ms(floor.indexMs)}, ` +
    `freezing each group and its locations ${ms(floor.freezeMs)}, both in one pass ${ms(floor.bothMs)}, against this store's W1a ${ms(w1aMine)}; ` +
    `the Map alone retains ${(floor.indexBytes / 1024 / 1024).toFixed(2)} MB of this store's ${((heapMine - heapRaw) / 1024 / 1024).toFixed(2)} MB above the array.`,
);
console.log(`\nEvery recipe (ratio: its time / this store's):\n`);
console.log(table(['workload', 'contender', 'median', 'counted', 'ratio'], [...recipeRows(w2), ...recipeRows(w2f), ...recipeRows(w3)]));
console.log(`\nRecipes:`);
for (const contender of [...ALL, tanstackDetailQueries]) console.log(`- ${label(contender)}: ${contender.doc}`);

console.log('\nW2 scaling (this store): N addLocation commands pending at once');
const perCommand = scaled.map((r, i) => (isFailure(r) ? Number.NaN : (r.medianMs * 1000) / (sizes[i] as number)));
console.log(table(['N', 'total', 'per command', 'per command vs N=250'], sizes.map((n, i) => {
  const r = scaled[i];
  return [String(n), r && !isFailure(r) ? ms(r.medianMs) : 'failed', `${(perCommand[i] ?? Number.NaN).toFixed(1)} µs`, ((perCommand[i] ?? Number.NaN) / (perCommand[0] ?? Number.NaN)).toFixed(2)];
})));

console.log(`\nOne command as the store holds more groups (this store; rounds of 100 addLocation then 100 removeLocation, medians of ${RUNS.scaling * 4} rounds each way):`);
console.log(scalingTable(groupScaling));

console.log(`\nRuns: medians of ${RUNS.w1} runs (W1), ${RUNS.w2} (W2, W2f; 1 warm-up), ${RUNS.w3} (W3), ${RUNS.w4} of ${UNCHANGED_POLLS + 1} polls each (W4), ${RUNS.w5} (W5), ${RUNS.w6} page loads (W6), after 2 warm-up rounds unless said.`);
console.log(`W6 paint times from ${[...new Set(w6.map((r) => r.paintedBy))].join(', ')}.`);
console.log(`\n${persistedRenderReport(w8)}`);

console.log('\nFinal-state checks (what each contender shows, against the server, after every run):');
for (const line of passedChecks()) console.log(`- ${line}`);
for (const line of failures) console.log(`- FAILED ${line}`);

const budget = readBudget();
console.log('\nSizes: public entries as a browser app bundles them (esbuild, minified, gzip -9; frameworks external):\n');
console.log(sizeTable(entrySizeList, budget));
console.log(`\nThe core (\`.\`) bundled, ${kb(shares.total.gzip)} gz (${kb(shares.total.minified)} minified): what each part adds, gzip:`);
console.log(table(['part', 'gzip', 'share'], shares.gzip.map(({ part, bytes }) => [part, kb(bytes), `${((bytes / shares.total.gzip) * 100).toFixed(0)}%`])));
console.log(`\nThis package's own modules in the core, minified (of ${kb(shares.ownModules.reduce((a, m) => a + m.bytes, 0))}):`);
console.log(shares.ownModules.slice(0, 12).map((m) => `${m.module} ${kb(m.bytes)}`).join(', '));
const over = overBudget(entrySizeList, budget);
for (const line of over) console.log(`- OVER BUDGET ${line}`);

// The performance issue's aims, each against this run.
const partMedian = (row: Row, library: Library): number | undefined => pick(row, library)?.result.medianMs;
const w1aRow = partRow(w1, 0, 'W1a', '');
const w1bRow = partRow(w1, 1, 'W1b', '');
const w4ChangedRow = partRow(w4, 0, 'W4 changed', '');
const w2Batched = w2.outcomes.get(groupsStoreBatched);
const core = entrySizeList.find((s) => s.entry === '.');
const aimList = aims({
  w1a: partMedian(w1aRow, 'this store'),
  w1b: partMedian(w1bRow, 'this store'),
  elfW1b: partMedian(w1bRow, '@ngneat/elf'),
  w2Batched: w2Batched && !isFailure(w2Batched) ? w2Batched.medianMs : undefined,
  w4: partMedian(w4, 'this store'),
  elfW4: partMedian(w4, '@ngneat/elf'),
  w4Changed: partMedian(w4ChangedRow, 'this store'),
  elfW4Changed: partMedian(w4ChangedRow, '@ngneat/elf'),
  w5Ratio: heapRaw > 0 ? heapMine / heapRaw : undefined,
  w6Ratios: w6Mine ? PEERS.flatMap((p) => {
    const r = w6.find((x) => x.library === p);
    return r ? [{ library: p, ratio: r.paintedMs / w6Mine.paintedMs }] : [];
  }) : [],
  scaling: groupScaling,
  coreOverBudget: over.filter((line) => line.startsWith('.:')),
  coreGzip: core?.external ?? Number.NaN,
  coreBudget: budget['.']?.external,
  failures: failures.length,
});
const aimsText = aimsTable(aimList);
console.log(`\nThe aims of the performance issue, against this run (${aimList.filter((a) => a.met).length} of ${aimList.length} met):\n`);
console.log(aimsText);

// npm run bench -- --readme: this run's tables into README.md, between their markers.
if (process.argv.includes('--readme')) {
  const when = `One run, ${machine()}, load average ${loadAtStart.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end (\`npm run bench -- --readme\`):`;
  const missing = writeReadmeBlocks({
    results: `${when}\n\n${resultsTable}`,
    aims: aimsText,
    scaling: scalingTable(groupScaling),
    sizes: sizeTable(entrySizeList, budget),
  });
  console.log(missing.length === 0 ? '\nREADME.md: the tables written.' : `\nREADME.md: no markers for ${missing.join(', ')} (<!-- bench:NAME --> … <!-- /bench:NAME -->).`);
}

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end.`);
if (failures.length > 0) process.exitCode = 1;
