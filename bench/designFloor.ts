// What W1a and W5 cannot go below while this store keeps what it is built
// on: a name index (a Map) and frozen groups. Measured on the same 10,000
// freshly parsed groups, with nothing else around them, so the report can say
// how much of this store's W1a and W5 is the design and how much is the rest.
import { getHeapStatistics } from 'node:v8';
import { median } from './measure.js';
import { seedGroups } from './seed.js';
import { GROUP_COUNT } from './workloads.js';

interface WireGroup {
  readonly name: string;
  readonly locations: readonly string[];
}

export interface DesignFloor {
  /** ms to put each group in a Map by name. */
  readonly indexMs: number;
  /** ms to freeze each group and its locations. */
  readonly freezeMs: number;
  /** ms for both, in one pass, as the store's first load does them. */
  readonly bothMs: number;
  /** Bytes the Map of 10,000 names retains, after GC. */
  readonly indexBytes: number;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function heapUsed(): number {
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
}

function time(runs: number, wire: string, work: (groups: WireGroup[]) => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const { groups } = JSON.parse(wire) as { groups: WireGroup[] };
    gc();
    const start = performance.now();
    work(groups);
    if (i >= 2) samples.push(performance.now() - start);
  }
  return median(samples);
}

const index = (groups: readonly WireGroup[]): Map<string, WireGroup> => {
  const byName = new Map<string, WireGroup>();
  for (const group of groups) byName.set(group.name, group);
  return byName;
};

const freeze = (groups: readonly WireGroup[]): void => {
  for (const group of groups) {
    Object.freeze(group.locations);
    Object.freeze(group);
  }
};

/**
 * Heap the index holds on top of the parsed array, after GC. One call per
 * sample: a loop's previous values stay on its frame until overwritten, and
 * would be counted as freed.
 */
function retainedByIndex(wire: string): number {
  const { groups } = JSON.parse(wire) as { groups: WireGroup[] };
  const before = heapUsed();
  const kept = index(groups);
  const bytes = heapUsed() - before;
  if (kept.size !== groups.length) throw new Error('design floor: the index lost groups');
  return bytes;
}

export function designFloor(runs: number): DesignFloor {
  const wire = JSON.stringify({ groups: seedGroups(GROUP_COUNT) });
  const indexMs = time(runs, wire, index);
  const freezeMs = time(runs, wire, freeze);
  const bothMs = time(runs, wire, (groups) => {
    const byName = new Map<string, WireGroup>();
    for (const group of groups) {
      Object.freeze(group.locations);
      byName.set(group.name, Object.freeze(group));
    }
    return byName;
  });
  const indexBytes = median(Array.from({ length: runs }, () => retainedByIndex(wire)));
  return { indexMs, freezeMs, bothMs, indexBytes };
}
