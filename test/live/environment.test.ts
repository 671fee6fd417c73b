import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserEnvironment, createFetchTransport, createGroupsStore, type LockManagerLike } from '../../src/index.js';

// The browser environment reads its globals when asked, never before: a
// store that has no use for the lock manager (no cross-tab sync, no change
// feed) never makes the page create one.

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A navigator whose `locks` counts its reads. */
function countingNavigator(locks: LockManagerLike): { navigator: { onLine: boolean; readonly locks: LockManagerLike }; reads: () => number } {
  let reads = 0;
  const navigator = {
    onLine: true,
    get locks() {
      reads += 1;
      return locks;
    },
  };
  return { navigator, reads: () => reads };
}

const locks: LockManagerLike = { request: () => new Promise(() => undefined) };

describe('browserEnvironment', () => {
  it('reads navigator.locks when asked for it, not when made', () => {
    const { navigator, reads } = countingNavigator(locks);
    vi.stubGlobal('navigator', navigator);
    const environment = browserEnvironment();
    expect(reads()).toBe(0);
    expect(environment.locks).toBe(locks);
    expect(reads()).toBe(1);
  });

  it('gives the lock manager the page has when asked, and undefined where there is none', () => {
    vi.stubGlobal('navigator', {});
    const environment = browserEnvironment();
    expect(environment.locks).toBeUndefined();
    vi.stubGlobal('navigator', { locks });
    expect(environment.locks).toBe(locks);
  });

  it('is not asked for the lock manager by a store without cross-tab sync, observed and loading', async () => {
    const { navigator, reads } = countingNavigator(locks);
    vi.stubGlobal('navigator', navigator);
    const transport = createFetchTransport({ fetch: async () => Response.json({ groups: [] }) });
    const store = createGroupsStore({ org: 'acme', transport, refetchInterval: 60_000 });
    const unsubscribe = store.subscribe(() => undefined);
    await store.load();
    expect(reads()).toBe(0);
    unsubscribe();
    store.dispose();
  });
});
