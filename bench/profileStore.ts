// One workload of the bench on this store alone, run many times in one
// process: what to point a profiler at, e.g.
//
//   node --expose-gc --cpu-prof --cpu-prof-dir=prof --import tsx bench/profileStore.ts w2-batch 40
//
// Workloads: w1 (load 10,000, reload unchanged), w2 (1,000 addLocation one by
// one), w2-batch (the same in batch()), w4 (a 50-group dashboard polled), w5
// (retained heap). Prints the median of each timed part; every run still ends
// with the bench's final-state check.
import { groupsStore, groupsStoreBatched } from './contenders/groupsStore.js';
import { median, type Sample } from './measure.js';
import { commands, dashboard, loadTwice, retainedHeap } from './workloads.js';

const WORKLOADS: Readonly<Record<string, { run: () => Promise<Sample>; unit: string }>> = {
  w1: { run: () => loadTwice(groupsStore), unit: 'ms (W1a + W1b)' },
  w2: { run: () => commands(groupsStore, { count: 1000 }), unit: 'ms' },
  'w2-batch': { run: () => commands(groupsStoreBatched, { count: 1000 }), unit: 'ms' },
  w4: { run: () => dashboard(groupsStore), unit: 'ms a poll (unchanged; the changed poll as a part)' },
  w5: { run: async () => ({ ms: (await retainedHeap(groupsStore)) / 1024 / 1024, counts: [] }), unit: 'MB retained' },
};

const [name = '', times = '20'] = process.argv.slice(2);
const workload = WORKLOADS[name];
if (!workload) {
  console.error(`usage: bench/profileStore.ts <${Object.keys(WORKLOADS).join('|')}> [runs]`);
  process.exit(2);
}
const samples: Sample[] = [];
for (let i = 0; i < Number(times); i++) samples.push(await workload.run());
const parts = samples[0]?.parts?.length ?? 0;
const line = [`${name}: median ${median(samples.map((s) => s.ms)).toFixed(3)} ${workload.unit}`];
for (let p = 0; p < parts; p++) line.push(`part ${p + 1}: ${median(samples.map((s) => s.parts?.[p]?.ms ?? Number.NaN)).toFixed(3)} ms`);
console.log(`${line.join('; ')} (${samples.length} runs)`);
