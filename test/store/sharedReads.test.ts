import { describe, expect, it, vi } from 'vitest';
import { isGroupsError } from '../../src/index.js';
import { names, SEED, startStore } from '../support/storeHarness.js';

// React StrictMode runs an effect, its cleanup and the effect again, all at
// once. A read started by the first run and aborted by the cleanup must not
// take the second run's read down with it.

describe('a caller never joins a read that is being aborted', () => {
  it('load: mount, cleanup, mount (StrictMode) ends loaded, over real HTTP', async () => {
    const { store, emulator } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 20 } } }, 'http');
    const outcomes: string[] = [];
    const effect = (): (() => void) => {
      const controller = new AbortController();
      store.load({ signal: controller.signal }).then(
        (groups) => outcomes.push(`loaded ${groups.length}`),
        (error: unknown) => outcomes.push(isGroupsError(error) ? error.code : 'not a GroupsError'),
      );
      return () => controller.abort();
    };
    const cleanup = effect();
    cleanup();
    effect();
    await vi.waitFor(() => expect(store.getSnapshot().status.status).toBe('success'));
    expect(outcomes).toEqual(['aborted', 'loaded 2']);
    expect(names(store.getSnapshot().groups)).toEqual(['alpha', 'beta']);
    expect(store.getSnapshot().status.fetching).toBe(false);
    // The first request may have been given up before it reached the server: one list was answered.
    expect(emulator.requests.filter((r) => r.outcome === 200)).toHaveLength(1);
  });

  it('retrieve: mount, cleanup, mount ends with the group', async () => {
    const { store } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 20 } } }, 'http');
    const outcomes: string[] = [];
    const effect = (): (() => void) => {
      const controller = new AbortController();
      store.retrieve('beta', { signal: controller.signal }).then(
        (group) => outcomes.push(`retrieved ${group.name}`),
        (error: unknown) => outcomes.push(isGroupsError(error) ? error.code : 'not a GroupsError'),
      );
      return () => controller.abort();
    };
    const cleanup = effect();
    cleanup();
    effect();
    await vi.waitFor(() => expect(outcomes).toHaveLength(2));
    expect(outcomes).toEqual(['aborted', 'retrieved beta']);
    expect(store.getGroup('beta')?.locations).toEqual(['fra']);
    expect(store.getMeta('beta').error).toBeUndefined();
  });

  it('a live read is still shared: two loads in flight send one request', async () => {
    const { store, sent } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 5 } } });
    const keep = new AbortController();
    const [a, b] = await Promise.all([store.load({ signal: keep.signal }), store.load()]);
    expect(a).toBe(b);
    expect(sent).toEqual(['GET /groups']);
  });

  it('one caller of two giving up leaves the request running for the other', async () => {
    const { store, emulator } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 10 } } });
    const leaving = new AbortController();
    const left = store.load({ signal: leaving.signal });
    const stays = store.load();
    leaving.abort();
    await expect(left).rejects.toMatchObject({ code: 'aborted' });
    expect(names(await stays)).toEqual(['alpha', 'beta']);
    expect(emulator.requests.map((r) => r.outcome)).toEqual([200]);
  });
});
