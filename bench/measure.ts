export interface Sample {
  /** Milliseconds. */
  readonly ms: number;
  /** Whatever the workload counted (emissions, callbacks, requests), in its own order. */
  readonly counts: readonly number[];
  /** Timed parts of the same run, each summarised on its own. */
  readonly parts?: readonly Sample[];
}

export interface Result {
  readonly medianMs: number;
  /** Each count, or its range when runs differed (`3–4`). */
  readonly counts: readonly string[];
  readonly runs: number;
  readonly parts: readonly Result[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function summarise(samples: readonly Sample[]): Result {
  const width = samples[0]?.counts.length ?? 0;
  const counts = Array.from({ length: width }, (_, k) => {
    const values = samples.map((s) => s.counts[k] ?? Number.NaN);
    const low = Math.min(...values);
    const high = Math.max(...values);
    return low === high ? String(low) : `${low}–${high}`;
  });
  const partCount = samples[0]?.parts?.length ?? 0;
  const parts = Array.from({ length: partCount }, (_, p) => summarise(samples.map((s) => s.parts?.[p] as Sample)));
  return { medianMs: median(samples.map((s) => s.ms)), counts, runs: samples.length, parts };
}

/** A run whose final state was wrong: no time is reported for it. */
export interface Failure {
  readonly failed: string;
}

/**
 * Runs one workload for every contender, round-robin: run 1 of each, then
 * run 2 of each, and so on, each round starting with the next contender, so
 * that the machine's drifting load falls on all of them alike. The first
 * `warmup` rounds are discarded; each trial sets up its own fresh store and
 * server and times only its measured part. Reports medians. A contender
 * whose trial throws (its final state did not match the server's) is run no
 * more in this workload and reported as failed.
 */
export async function measureAll<C>(contenders: readonly C[], trial: (contender: C) => Promise<Sample>, runs: number, warmup = 2): Promise<Array<Result | Failure>> {
  const samples: Sample[][] = contenders.map(() => []);
  const failures: Array<string | undefined> = contenders.map(() => undefined);
  for (let round = 0; round < warmup + runs; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (round + k) % contenders.length;
      if (failures[i] !== undefined) continue;
      (globalThis as { gc?: () => void }).gc?.();
      try {
        const sample = await trial(contenders[i] as C);
        if (round >= warmup) samples[i]?.push(sample);
      } catch (error) {
        failures[i] = error instanceof Error ? error.message : String(error);
      }
    }
  }
  return samples.map((s, i) => {
    const failed = failures[i];
    return failed === undefined ? summarise(s) : { failed };
  });
}
