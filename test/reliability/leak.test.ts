import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createFetchTransport, createGroupsStore } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';

// Thousands of stores, each with subscribers and requests in flight, then
// disposed: nothing of them may stay behind (heap, timers, handles, warnings).

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length;

/** One store's life: subscribers on everything, commands in flight (the server answers in 10 s), then dispose. */
async function live(index: number): Promise<void> {
  const emulator = createPlatformEmulator({ org: 'acme', token: 't', groups: [{ name: 'alpha', locations: ['lhr', 'ams'] }], faults: { latency: { fixedMs: 10_000 } } });
  const store = createGroupsStore({ org: 'acme', transport: createFetchTransport({ token: 't', baseURL: 'http://emulator.invalid', fetch: emulator.fetch }) });
  const sink: unknown[] = [];
  store.groups$.subscribe((v) => sink.push(v));
  store.group$('alpha').subscribe((v) => sink.push(v));
  store.meta$('alpha').subscribe((v) => sink.push(v));
  store.status$.subscribe((v) => sink.push(v));
  store.events$.subscribe((v) => sink.push(v));
  store.subscribe((v) => sink.push(v));
  const view = new AbortController();
  const calls = [
    store.load({ signal: view.signal }),
    store.load(),
    store.retrieve('alpha'),
    store.addLocation('alpha', 'fra'),
    store.removeLocation('alpha', 'ams'),
    store.invalidateTokens(`g${index}`),
  ];
  await new Promise((resolve) => setImmediate(resolve));
  store.dispose();
  const results = await Promise.allSettled(calls);
  if (results.some((r) => r.status === 'fulfilled' || (r.reason as { code?: string }).code !== 'aborted')) {
    throw new Error(`store ${index}: a call did not end aborted`);
  }
}

describe('disposed stores leave nothing behind', () => {
  it('2,000 stores with subscribers and requests in flight: heap flat after GC, no timers, no warnings', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(`${warning.name}: ${warning.message}`);
    };
    process.on('warning', onWarning);
    try {
      // Warm up the same way: code compiled, pools and caches sized.
      for (let batch = 0; batch < 10; batch++) await Promise.all(Array.from({ length: 100 }, (_, i) => live(batch * 100 + i)));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const timersBefore = timers();
      const before = settledHeap();
      for (let batch = 0; batch < 20; batch++) await Promise.all(Array.from({ length: 100 }, (_, i) => live(batch * 100 + i)));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const after = settledHeap();
      // Flat: what 2,000 stores leave behind is less than one kilobyte each.
      expect({ growthMB: Math.max(0, (after - before) / 2 ** 20) < 2, timers: timers() - timersBefore, warnings }).toEqual({ growthMB: true, timers: 0, warnings: [] });
    } finally {
      process.off('warning', onWarning);
    }
  }, 60_000);
});
