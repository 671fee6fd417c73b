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
