// After every run of every contender: what it shows must be what the server
// holds, group for group, in the server's order. A contender that ends
// otherwise has not done the workload, and its time is not reported.
import type { Group } from '../src/index.js';
import { equalJson, label, type Contender, type View } from './contender.js';
import type { BenchServer } from './server.js';

/** Runs checked, by contender label and workload. */
const passed = new Map<string, Map<string, number>>();

function difference(shown: readonly Group[], truth: readonly Group[]): string | undefined {
  if (shown.length !== truth.length) return `it shows ${shown.length} groups, the server holds ${truth.length}`;
  for (let i = 0; i < truth.length; i++) {
    if (!equalJson(shown[i], truth[i])) return `at ${i} it shows ${JSON.stringify(shown[i])}, the server holds ${JSON.stringify(truth[i])}`;
  }
  return undefined;
}

/** Throws when the view's final list is not the server's; counts the run otherwise. */
export function checkFinalState(workload: string, contender: Contender, view: View, server: BenchServer): void {
  const wrong = difference(view.shown(), server.groups());
  if (wrong !== undefined) throw new Error(`${workload}: ${label(contender)} ended wrong: ${wrong}`);
  recordPass(workload, label(contender));
}

export function recordPass(workload: string, name: string): void {
  const byWorkload = passed.get(name) ?? new Map<string, number>();
  byWorkload.set(workload, (byWorkload.get(workload) ?? 0) + 1);
  passed.set(name, byWorkload);
}

/** One line per contender: how many runs of which workloads ended equal to the server. */
export function passedChecks(): string[] {
  return [...passed].map(([name, byWorkload]) => {
    const total = [...byWorkload.values()].reduce((a, b) => a + b, 0);
    return `${name}: ${total} runs equal to the server (${[...byWorkload].map(([w, n]) => `${w} ${n}`).join(', ')})`;
  });
}
