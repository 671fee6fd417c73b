import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IDLE_META, isGroupsError } from '../../src/index.js';
import { collect, names } from '../support/storeHarness.js';
import { openTab, pass, startEmulator } from './liveHarness.js';

// Commands issued offline: shown at once, marked paused, sent in issue order
// on reconnect exactly once, cancellable until sent, dropped on dispose.

beforeEach(() => {
  vi.useFakeTimers();
});

const mutations = (sent: readonly string[]): string[] => sent.filter((r) => !r.startsWith('GET'));

describe('a mutation issued offline', () => {
  it('is shown at once, marked paused, and sent on reconnect', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator);
    await store.load();
    environment.setOnline(false);
    const meta = collect(store.meta$('alpha'));
    const adding = store.addLocation('alpha', 'nrt');
    await pass(1000);
    expect(store.getGroup('alpha')?.locations).toEqual(['lhr', 'ams', 'nrt']);
    expect(store.getMeta('alpha')).toMatchObject({ pending: ['addLocation'], paused: true });
    expect(mutations(sent)).toEqual([]);
    environment.setOnline(true);
    await adding;
    expect(mutations(sent)).toEqual(['POST /groups/alpha/locations/nrt']);
    expect(meta.values.map((m) => `${m.pending.join(',')}${m.paused ? ' paused' : ''}`)).toEqual(['', 'addLocation', 'addLocation paused', 'addLocation', '']);
    expect(emulator.snapshot().groups[0]?.locations).toEqual(['lhr', 'ams', 'nrt']);
  });

  it('stays held through focus and visibility signals while the network is still down', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator);
    await store.load();
    environment.setOnline(false);
    const meta = collect(store.meta$('alpha'));
    const adding = store.addLocation('alpha', 'nrt');
    await pass(0);
    environment.focus();
    environment.setVisible(false);
    environment.setVisible(true);
    await pass(1000);
    expect(mutations(sent)).toEqual([]);
    expect(meta.values.map((m) => `${m.pending.join(',')}${m.paused ? ' paused' : ''}`)).toEqual(['', 'addLocation', 'addLocation paused']);
    environment.setOnline(true);
    await adding;
    expect(mutations(sent)).toEqual(['POST /groups/alpha/locations/nrt']);
  });

  it('goes in issue order, per group in order, exactly once however many signals arrive together', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator);
    await store.load();
    environment.setOnline(false);
    const calls = [
      store.create({ name: 'gamma', location: 'nrt' }),
      store.addLocation('beta', 'lhr'),
      store.addLocation('gamma', 'ams'),
      store.removeLocation('alpha', 'ams'),
      store.addLocation('gamma', 'fra'),
    ];
    await pass(0);
    environment.setOnline(true);
    environment.focus();
    environment.setOnline(true);
    environment.setVisible(true);
    await Promise.all(calls);
    expect(mutations(sent)).toEqual([
      'POST /groups',
      'POST /groups/beta/locations/lhr',
      'DELETE /groups/alpha/locations/ams',
      'POST /groups/gamma/locations/ams',
      'POST /groups/gamma/locations/fra',
    ]);
    expect(emulator.snapshot().groups.map((g) => `${g.name}:${g.locations.join('+')}`)).toEqual(['alpha:lhr', 'beta:fra+lhr', 'gamma:nrt+ams+fra']);
    expect(store.getPending()).toEqual([]);
  });

  it('can be cancelled before it is sent: rolled back, rejected, never sent', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator);
    await store.load();
    environment.setOnline(false);
    const events = collect(store.events$);
    const adding = store.addLocation('alpha', 'nrt');
    const kept = store.addLocation('beta', 'syd');
    const [held] = store.getPending();
    expect(store.cancel(held?.id ?? -1)).toBe(true);
    const error = await adding.catch((e: unknown) => e);
    expect(isGroupsError(error) && error.code).toBe('aborted');
    expect(store.getGroup('alpha')?.locations).toEqual(['lhr', 'ams']);
    expect(store.getMeta('alpha')).toBe(IDLE_META); // taken back on purpose: no error to show
    expect(events.values.filter((e) => e.group === 'alpha').map((e) => e.type)).toEqual(['start', 'failure', 'rollback']);
    environment.setOnline(true);
    await kept;
    expect(mutations(sent)).toEqual(['POST /groups/beta/locations/syd']);
    expect(store.cancel(held?.id ?? -1)).toBe(false);
  });

  it('cannot be cancelled once sent', async () => {
    const emulator = startEmulator({ faults: { latency: { fixedMs: 100 } } });
    const { store } = openTab(emulator);
    const adding = store.addLocation('alpha', 'nrt');
    await pass(10);
    expect(store.cancel(store.getPending()[0]?.id ?? -1)).toBe(false);
    await pass(100);
    await adding;
  });

  it('a mutation waiting behind an earlier one on its group can be cancelled too', async () => {
    const emulator = startEmulator({ faults: { latency: { fixedMs: 100 } } });
    const { store, sent } = openTab(emulator);
    const first = store.addLocation('alpha', 'nrt');
    const second = store.addLocation('alpha', 'syd');
    await pass(10);
    expect(store.cancel(store.getPending()[1]?.id ?? -1)).toBe(true);
    await expect(second).rejects.toMatchObject({ code: 'aborted' });
    await pass(200);
    await first;
    expect(mutations(sent)).toEqual(['POST /groups/alpha/locations/nrt']);
  });

  it('is dropped by dispose, and never sent', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator);
    environment.setOnline(false);
    const adding = store.addLocation('alpha', 'nrt');
    await pass(0);
    store.dispose();
    await expect(adding).rejects.toMatchObject({ code: 'aborted' });
    environment.setOnline(true);
    await pass(1000);
    expect(sent).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('reads offline', () => {
  it('load answers from the store when it has loaded before, without a request', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator);
    await store.load();
    environment.setOnline(false);
    expect(names(await store.load())).toEqual(['alpha', 'beta']);
    expect(sent).toEqual(['GET /groups']);
  });

  it('load fails fast with network when it has nothing to answer with', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator);
    environment.setOnline(false);
    await expect(store.load()).rejects.toMatchObject({ code: 'network', operation: 'list' });
    expect(sent).toEqual([]);
  });

  it('retrieve answers with what the server was known to hold, or fails with network', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator);
    await store.load();
    environment.setOnline(false);
    expect((await store.retrieve('beta')).locations).toEqual(['fra']);
    await expect(store.retrieve('gamma')).rejects.toMatchObject({ code: 'network', group: 'gamma' });
    expect(sent).toEqual(['GET /groups']);
  });

  it('polls are skipped while offline', async () => {
    const emulator = startEmulator();
    const { store, sent, environment } = openTab(emulator, { refetchInterval: 1000, refetchOnReconnect: false });
    await store.load();
    collect(store.groups$);
    environment.setOnline(false);
    await pass(10_000);
    expect(sent).toEqual(['GET /groups']);
    environment.setOnline(true);
    await pass(1000);
    expect(sent).toEqual(['GET /groups', 'GET /groups']);
  });
});
