// npm run bench: the same workloads on this store and its peers, side by
// side in one process. Medians of 7 runs (after 2 warm-up runs), each on a
// fresh store; the ratio is peer time / this store's time (above 1: we are faster).
import { elfContender } from './contenders/elf.js';
import { groupsStoreContender } from './contenders/groupsStore.js';
import { tanstackContender } from './contenders/tanstack.js';
import { GROUP_COUNT } from './fixtures.js';
import { measure, type Result } from './measure.js';
import type { Contender } from './workloads.js';

const ours = groupsStoreContender({ batched: false });
const peers: Contender[] = [elfContender, tanstackContender];
const contenders: Contender[] = [ours, groupsStoreContender({ batched: true }), ...peers];

interface Row {
  readonly workload: string;
  readonly counted: string;
  readonly results: Map<string, Result>;
}

async function row(workload: string, counted: string, run: (c: Contender) => Promise<Result>): Promise<Row> {
  const results = new Map<string, Result>();
  for (const contender of contenders) results.set(contender.name, await run(contender));
  return { workload, counted, results };
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

const rows = [
  await row('W1 first load', 'list emissions', (c) => measure(() => c.firstLoad())),
  await row('W1 unchanged reload', 'list emissions', (c) => measure(() => c.unchangedReload())),
  await row('W2 1,000 addLocation', 'list emissions', (c) => measure(() => c.addLocations(1000), 5, 1)),
  await row('W3 1,000 group subscribers, 1 change', 'callbacks', (c) => measure(() => c.oneOfManyChanges())),
];
console.log(table(rows.map(format), ['workload [counted]', ...contenders.map((c) => c.name), ...peers.map((p) => `${p.name} / this store`)]));

// W2 must grow linearly with the number of pending mutations: all N are
// issued before any answer, so N are pending at once.
console.log('\nW2 scaling (this store): N addLocation commands pending at once');
const scaling: string[][] = [];
let baseline: number | undefined;
for (const n of [250, 500, 1000, 2000]) {
  const result = await measure(() => ours.addLocations(n), 5, 1);
  const perCommand = (result.medianMs * 1000) / n;
  baseline ??= perCommand;
  scaling.push([String(n), `${result.medianMs.toFixed(2)} ms`, `${perCommand.toFixed(1)} µs`, `${(perCommand / baseline).toFixed(2)}`]);
}
console.log(table(scaling, ['N', 'total', 'per command', 'per command vs N=250']));
