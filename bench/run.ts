// npm run bench: the same workloads on this store and its peers, side by
// side in one process, run round-robin. Medians of 21 runs for W1, 5 for W2
// and 9 for W3, after 2 warm-up rounds, each on a fresh store; the ratio is
// peer time / this store's time (above 1: this store is faster).
import { elfContender } from './contenders/elf.js';
import { groupsStoreContender } from './contenders/groupsStore.js';
import { tanstackContender } from './contenders/tanstack.js';
import { GROUP_COUNT } from './fixtures.js';
import { measureAll, type Result, type Sample } from './measure.js';
import type { Contender } from './workloads.js';

const ours = groupsStoreContender({ batched: false });
const peers: Contender[] = [elfContender, tanstackContender];
const contenders: Contender[] = [ours, groupsStoreContender({ batched: true }), ...peers];

interface Row {
  readonly workload: string;
  readonly counted: string;
  readonly results: Map<string, Result>;
}

async function row(workload: string, counted: string, trial: (c: Contender) => Promise<Sample>, runs: number): Promise<Row> {
  const measured = await measureAll(contenders, trial, runs);
  return { workload, counted, results: new Map(contenders.map((c, i) => [c.name, measured[i] as Result])) };
}

function format(row: Row): string[] {
  const mine = row.results.get(ours.name);
  const cells = contenders.map((c) => {
    const r = row.results.get(c.name);
    return r ? `${r.medianMs.toFixed(2)} ms (${r.count})` : '-';
  });
  const ratios = peers.map((p) => {
    const r = row.results.get(p.name);
    return r && mine ? `${(r.medianMs / mine.medianMs).toFixed(2)}×` : '-';
  });
  return [`${row.workload} [${row.counted}]`, ...cells, ...ratios];
}

function table(rows: string[][], header: string[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

console.log(`turso-groups-store benchmarks: ${GROUP_COUNT} groups, Node ${process.version}${(globalThis as { gc?: unknown }).gc ? ', gc between runs' : ''}\n`);

// W1 as the issue states it: one store loads the list, then loads it again
// unchanged. One run gives the whole and each half.
const loads = await measureAll(contenders, async (c) => {
  const { first, again } = await c.loadTwice();
  return { ms: first.ms + again.ms, count: first.count + again.count, parts: [first, again] };
}, 21);
const half = (index: 0 | 1): Map<string, Result> => new Map(contenders.map((c, i) => [c.name, loads[i]?.parts[index] as Result]));

const rows: Row[] = [
  { workload: 'W1 load, then reload unchanged', counted: 'list emissions', results: new Map(contenders.map((c, i) => [c.name, loads[i] as Result])) },
  { workload: 'W1a first load', counted: 'list emissions', results: half(0) },
  { workload: 'W1b unchanged reload', counted: 'list emissions', results: half(1) },
  await row('W2 1,000 addLocation', 'list emissions', (c) => c.addLocations(1000), 5),
  await row('W3 1,000 group subscribers, 1 change', 'callbacks', (c) => c.oneOfManyChanges(), 9),
];
console.log(table(rows.map(format), ['workload [counted]', ...contenders.map((c) => c.name), ...peers.map((p) => `${p.name} / this store`)]));

// W2 must grow linearly with the number of pending mutations: all N are
// issued before any answer, so N are pending at once.
console.log('\nW2 scaling (this store): N addLocation commands pending at once');
const scaling: string[][] = [];
let baseline: number | undefined;
const sizes = [250, 500, 1000, 2000];
const scaled = await measureAll(sizes, (n) => ours.addLocations(n), 7);
sizes.forEach((n, i) => {
  const result = scaled[i] as Result;
  const perCommand = (result.medianMs * 1000) / n;
  baseline ??= perCommand;
  scaling.push([String(n), `${result.medianMs.toFixed(2)} ms`, `${perCommand.toFixed(1)} µs`, `${(perCommand / baseline).toFixed(2)}`]);
});
console.log(table(scaling, ['N', 'total', 'per command', 'per command vs N=250']));
