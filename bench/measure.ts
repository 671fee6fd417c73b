export interface Sample {
  /** Milliseconds. */
  readonly ms: number;
  /** Whatever the workload counted (emissions, callbacks). */
  readonly count: number;
}

export interface Result {
  readonly medianMs: number;
  readonly count: number;
}

/**
 * Runs `trial` `runs` times after `warmup` discarded runs; each trial sets up
 * its own fresh store and times only its measured part. Reports the median.
 */
export async function measure(trial: () => Promise<Sample>, runs = 7, warmup = 2): Promise<Result> {
  const samples: Sample[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const sample = await trial();
    if (i >= warmup) samples.push(sample);
  }
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const counts = new Set(samples.map((s) => s.count));
  if (counts.size !== 1) throw new Error(`a workload counted differently across runs: ${[...counts].join(', ')}`);
  return { medianMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, count: samples[0]?.count ?? 0 };
}
