import { flush, prepareList } from './fixtures.js';
import type { Sample } from './measure.js';

/** One library's way of doing the three workloads. */
export interface Contender {
  readonly name: string;
  /**
   * W1: load the list into an empty store, then load it again unchanged, on
   * the same store; each load timed on its own, counting list emissions.
   */
  loadTwice(): Promise<{ readonly first: Sample; readonly again: Sample }>;
  /** W2: `count` add-location commands over a loaded store, instant server; counts list emissions. */
  addLocations(count: number): Promise<Sample>;
  /** W3: 1,000 per-group subscribers, one group changes; counts subscriber callbacks. */
  oneOfManyChanges(): Promise<Sample>;
}

/**
 * W1's shape for any contender: prepare a list, time one load (with the
 * notification flush), twice on the same store, counting list emissions.
 */
export async function timeTwoLoads(emissions: () => number, load: () => Promise<unknown>): Promise<{ readonly first: Sample; readonly again: Sample }> {
  const timed = async (): Promise<Sample> => {
    const before = emissions();
    prepareList();
    const start = performance.now();
    await load();
    await flush();
    return { ms: performance.now() - start, count: emissions() - before };
  };
  const first = await timed();
  const again = await timed();
  return { first, again };
}
