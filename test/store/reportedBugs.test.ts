import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collect, loadAfter, SEED, startStore } from '../support/storeHarness.js';

// The bugs users of TanStack Query, RTK Query and hand-rolled optimistic
// updates keep reporting, each written as its reporters describe it.

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

const shown = (groups: readonly { name: string; locations: readonly string[] }[]): string[] => groups.map((g) => `${g.name}:${g.locations.join('+')}`);

describe('TanStack/query#439: a refetch on window focus reverts the optimistic update', () => {
  it('the user triggers the mutation, the app refocuses and refetches: the optimistic update stays, and settles once', async () => {
    // A slow mutation and a fast list, as in the report.
    const { store } = await startStore({ groups: SEED, faults: { latency: { perOperation: { addLocation: 1000, list: 50 } } } });
    await loadAfter(store, 50);
    const groups = collect(store.groups$);
    const mutation = store.addLocation('alpha', 'fra');
    const refocus = store.load(); // window focus refetch
    await vi.advanceTimersByTimeAsync(50);
    await refocus;
    await vi.advanceTimersByTimeAsync(950);
    await mutation;
    expect(groups.values.map(shown)).toEqual([
      ['alpha:lhr+ams', 'beta:fra'],
      ['alpha:lhr+ams+fra', 'beta:fra'],
    ]);
  });
});

describe('reduxjs/redux-toolkit#1512: a poll pending when the mutation starts makes its patch be ignored', () => {
  it('the poll was sent before the mutation; its answer does not reset the value the user put in', async () => {
    const { store } = await startStore({ groups: SEED, faults: { latency: { perOperation: { list: 200, removeLocation: 500 } } } });
    await loadAfter(store, 200);
    const alpha = collect(store.group$('alpha'));
    const poll = store.load(); // "api/executeQuery/pending" was the last event before the mutation
    await vi.advanceTimersByTimeAsync(100);
    const mutation = store.removeLocation('alpha', 'ams');
    await vi.advanceTimersByTimeAsync(100);
    await poll; // lands with the old value
    expect(alpha.values.at(-1)?.locations).toEqual(['lhr']);
    await vi.advanceTimersByTimeAsync(500);
    await mutation;
    expect(alpha.values.map((g) => g?.locations)).toEqual([['lhr', 'ams'], ['lhr']]);
  });
});

describe('reduxjs/redux-toolkit#5139: polling every 100 ms during a slow POST loses the optimistic update and flickers', () => {
  it('many polls land during one slow mutation; the UI never flickers back', async () => {
    const { store } = await startStore({ groups: SEED, faults: { latency: { perOperation: { create: 1000, list: 20 } } } });
    await loadAfter(store, 20);
    const groups = collect(store.groups$);
    const mutation = store.create({ name: 'gamma', location: 'nrt' });
    for (let i = 0; i < 9; i++) {
      const poll = store.load();
      await vi.advanceTimersByTimeAsync(100);
      await poll;
    }
    await vi.advanceTimersByTimeAsync(100);
    await mutation;
    await loadAfter(store, 20);
    expect(groups.values.map((list) => list.map((g) => g.name))).toEqual([
      ['alpha', 'beta'],
      ['alpha', 'beta', 'gamma'], // optimistic
      ['alpha', 'beta', 'gamma'], // the server's gamma (with its uuid) replaces it, in place
    ]);
  });
});

describe("a rollback restores a snapshot that erases the other pending mutations (TanStack's documented recipe)", () => {
  it('two optimistic changes in flight; the first fails; the second stays', async () => {
    const { store, emulator } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 100 } } });
    await loadAfter(store, 100);
    emulator.setFaults({ latency: { fixedMs: 100 }, failures: [{ kind: 'status', status: 409, operation: 'delete', times: 1 }] });
    const groups = collect(store.groups$);
    const failing = store.delete('beta').catch((e: unknown) => e);
    const other = store.addLocation('alpha', 'syd');
    await vi.advanceTimersByTimeAsync(100);
    expect(await failing).toMatchObject({ code: 'conflict' });
    await other;
    expect(groups.values.map(shown)).toEqual([
      ['alpha:lhr+ams', 'beta:fra'],
      ['alpha:lhr+ams'],
      ['alpha:lhr+ams+syd'],
      ['alpha:lhr+ams+syd', 'beta:fra'], // only beta comes back; syd is not erased
    ]);
  });
});

describe('unsubscribed requests leak', () => {
  it('a view that unmounts (aborts) while loading does not leave the request running', async () => {
    const { store, emulator } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 5000 } } });
    const unmount = new AbortController();
    const load = store.load({ signal: unmount.signal });
    await vi.advanceTimersByTimeAsync(10);
    unmount.abort();
    await expect(load).rejects.toMatchObject({ code: 'aborted' });
    await vi.advanceTimersByTimeAsync(0);
    expect(emulator.requests.map((r) => r.outcome)).toEqual(['aborted']);
    expect(vi.getTimerCount()).toBe(0);
    expect(store.getSnapshot().status).toMatchObject({ status: 'idle', fetching: false });
  });
});
