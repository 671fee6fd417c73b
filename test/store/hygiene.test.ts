import { describe, expect, it, vi } from 'vitest';
import { createFetchTransport, createGroupsStore, IDLE_META } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { SEED, startStore } from '../support/storeHarness.js';

// What a long-lived store holds: listeners for what is in flight only, and
// errors only of groups the server still has.

describe('resource hygiene', () => {
  it('10,000 commands in flight at once print no MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      // Every request waits at a gate until all 10,000 are in flight together.
      const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });
      let open!: () => void;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      let arrived = 0;
      const fetch: typeof globalThis.fetch = async (input, init) => {
        arrived += 1;
        await gate;
        return emulator.fetch(input, init);
      };
      const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch }) });
      // Token invalidation on 10,000 different names: all in flight together (the emulator answers 404).
      const calls = Array.from({ length: 10_000 }, (_, i) => store.invalidateTokens(`g${i}`).catch((e: unknown) => e));
      await vi.waitFor(() => expect(arrived).toBe(10_000), { timeout: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 0)); // warnings are emitted on a later tick
      expect(warnings).toEqual([]);
      open();
      const results = await Promise.all(calls);
      expect(results.every((r) => (r as { code?: string }).code === 'not_found')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(warnings).toEqual([]);
      store.dispose();
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('an error of a group the server no longer has is dropped at the next list', async () => {
    const { store } = await startStore({ groups: SEED });
    await store.load();
    const names = Array.from({ length: 50 }, (_, i) => `gone-${i}`);
    await Promise.all(names.map((name) => store.invalidateTokens(name).catch(() => undefined)));
    expect(store.getSnapshot().meta.size).toBe(50);
    expect(store.getMeta('gone-0').error?.code).toBe('not_found');
    await store.load();
    expect(store.getSnapshot().meta.size).toBe(0);
    expect(store.getMeta('gone-0')).toBe(IDLE_META);
  });

  it('an error of a group the server still has stays until a command on it succeeds', async () => {
    const { store, emulator } = await startStore({ groups: SEED });
    await store.load();
    emulator.setFaults({ failures: [{ kind: 'status', status: 500, times: 1 }] });
    await expect(store.invalidateTokens('alpha')).rejects.toMatchObject({ code: 'server' });
    await store.load();
    expect(store.getMeta('alpha').error?.code).toBe('server');
    await store.invalidateTokens('alpha');
    expect(store.getMeta('alpha')).toBe(IDLE_META);
  });
});
