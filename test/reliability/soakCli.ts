// npm run soak [-- --seed N --commands N --stores N --feed]: the chaos soak, with its figures
// (--feed: the stores listen to the proxy's change feed, and must equal the server at every quiet point).
import { parseArgs } from 'node:util';
import { runSoak } from './chaosSoak.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    commands: { type: 'string', default: '10000' },
    stores: { type: 'string', default: '4' },
    feed: { type: 'boolean', default: false },
  },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const report = await runSoak({ seed, commands: Number(values.commands), stores: Number(values.stores), feed: values.feed });
const faults = Object.entries(report.faults).map(([kind, n]) => `${kind} ${n}`).join(', ');
const rejected = Object.entries(report.rejections).map(([code, n]) => `${code} ${n}`).join(', ');
console.log(`chaos soak, seed ${report.seed}: ${report.commands} commands in ${report.waves} waves on ${report.stores} stores, ${report.requests} requests`);
console.log(`faults injected: ${(report.faultRate * 100).toFixed(1)}% of requests (${faults})`);
console.log(`commands rejected, each with a GroupsError: ${rejected}`);
if (report.storeLists !== undefined) console.log(`with the change feed: the stores sent ${report.storeLists} list requests of ${report.storeRequests} (their own loads among the commands included)`);
console.log(`wall time ${(report.wallMs / 1000).toFixed(1)} s`);
if (report.problems.length > 0) {
  console.log(`FAILED: ${report.problems.length} problems; the first ones:`);
  for (const problem of report.problems.slice(0, 10)) console.log(`  ${problem}`);
  console.log(`replay with: npm run soak -- --seed ${report.seed} --commands ${report.commands} --stores ${report.stores}${values.feed ? ' --feed' : ''}`);
  process.exitCode = 1;
} else {
  console.log(`passed: invariants held at every quiet point, no unsettled promise, every store equals the server ${values.feed ? 'at every quiet point and before the final load (the feed told it all)' : 'after a final load'}`);
}
