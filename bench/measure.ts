export interface Sample {
  /** Milliseconds. */
  readonly ms: number;
  /** Whatever the workload counted (emissions, callbacks). */
  readonly count: number;
  /** Timed parts of the same run, each summarised on its own. */
  readonly parts?: readonly Sample[];
}

export interface Result {
  readonly medianMs: number;
  readonly count: number;
  readonly parts: readonly Result[];
}

function summarise(samples: readonly Sample[]): Result {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const counts = new Set(samples.map((s) => s.count));
  if (counts.size !== 1) throw new Error(`a workload counted differently across runs: ${[...counts].join(', ')}`);
  const partCount = samples[0]?.parts?.length ?? 0;
  const parts = Array.from({ length: partCount }, (_, p) => summarise(samples.map((s) => s.parts?.[p] as Sample)));
  return { medianMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, count: samples[0]?.count ?? 0, parts };
}

/**
 * Runs one workload for every contender, round-robin: run 1 of each, then
 * run 2 of each, and so on, each round starting with the next contender, so
 * that the machine's drifting load falls on all of them alike. The first
 * `warmup` rounds are discarded; each trial sets up its own fresh store and
 * times only its measured part. Reports medians.
 */
export async function measureAll<C>(contenders: readonly C[], trial: (contender: C) => Promise<Sample>, runs: number, warmup = 2): Promise<Result[]> {
  const samples: Sample[][] = contenders.map(() => []);
  for (let round = 0; round < warmup + runs; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (round + k) % contenders.length;
      (globalThis as { gc?: () => void }).gc?.();
      const sample = await trial(contenders[i] as C);
      if (round >= warmup) samples[i]?.push(sample);
    }
  }
  return samples.map(summarise);
}
