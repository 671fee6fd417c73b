import { describe, expect, it, vi } from 'vitest';
import { type FaultRule } from '../../src/emulator/index.js';
import { isGroupsError, type Group, type GroupsStore, type StoreEvent } from '../../src/index.js';
import { openTab, startEmulator } from '../live/liveHarness.js';
import { collect, SEED, startStore } from '../support/storeHarness.js';

// A mutation whose answer cannot be read may have been made by the server: it
// is not rolled back. Its change stays shown, marked unconfirmed, while the
// store re-reads the group; then the store shows what the server holds.

type Mutating = (store: GroupsStore) => Promise<unknown>;

const CASES: ReadonlyArray<{ operation: 'create' | 'delete' | 'addLocation' | 'removeLocation'; group: string; run: Mutating }> = [
  { operation: 'create', group: 'gamma', run: (store) => store.create({ name: 'gamma', location: 'nrt' }) },
  { operation: 'delete', group: 'beta', run: (store) => store.delete('beta') },
  { operation: 'addLocation', group: 'alpha', run: (store) => store.addLocation('alpha', 'fra') },
  { operation: 'removeLocation', group: 'alpha', run: (store) => store.removeLocation('alpha', 'ams') },
];

/** After the work: the server made the change, the store cannot read that it did. */
const AFTER_THE_WORK: ReadonlyArray<{ fault: string; rule: Omit<FaultRule, 'operation'>; code: string }> = [
  { fault: 'a malformed answer', rule: { kind: 'malformed', times: 1 }, code: 'bad_response' },
  { fault: 'a connection dropped after the work', rule: { kind: 'drop', phase: 'after', times: 1 }, code: 'network' },
];

const describeGroup = (group: Group | undefined): string => (group ? `${group.primary}|${group.locations.join(',')}` : 'absent');

function ownEvents(events: readonly StoreEvent[], id: number | undefined): string[] {
  return events.filter((e) => e.id === id).map((e) => (e.type === 'reconciled' ? `reconciled:${e.applied}` : e.type));
}

describe('an unknown outcome is reconciled, not rolled back (over real HTTP)', () => {
  for (const { fault, rule, code } of AFTER_THE_WORK) {
    for (const { operation, group, run } of CASES) {
      it(`${operation} with ${fault}: the change stays shown, unconfirmed, then what the server holds, with no list`, async () => {
        const { store, emulator, sent } = await startStore({ groups: SEED }, 'http');
        await store.load();
        const events = collect(store.events$);
        const meta = collect(store.meta$(group));
        emulator.setFaults({ failures: [{ ...rule, operation }] });
        const shownBefore = store.getGroup(group);

        const failed = await run(store).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(isGroupsError(failed) && failed.code).toBe(code);
        // The caller got the real error; the change is still shown, marked unconfirmed.
        const server = (): string => describeGroup(emulator.snapshot().groups.find((g) => g.name === group));
        expect(describeGroup(store.getGroup(group))).toBe(server());
        expect(server()).not.toBe(describeGroup(shownBefore));
        const id = events.values.find((e) => e.type === 'start' && e.operation === operation)?.id;

        await vi.waitFor(() => expect(ownEvents(events.values, id)).toEqual(['start', 'unknown', 'reconciled:true']), { timeout: 1000 });
        expect(describeGroup(store.getGroup(group))).toBe(server());
        expect(store.getConfirmed().map((g) => g.name)).toEqual(emulator.snapshot().groups.map((g) => g.name));
        expect(store.getMeta(group)).toMatchObject({ pending: [], unconfirmed: [], error: undefined });
        // pending/unconfirmed, and whether the group is shown only optimistically (a create until the re-read finds it).
        const optimistic = operation === 'create';
        expect(meta.values.map((m) => `${m.pending.join('+')}/${m.unconfirmed.join('+')}${m.optimistic ? ' optimistic' : ''}`)).toEqual(
          optimistic ? ['/', 'create/ optimistic', '/create optimistic', '/create', '/'] : ['/', `${operation}/`, `/${operation}`, '/'],
        );
        expect(events.values.some((e) => e.type === 'rollback')).toBe(false);
        // One re-read of that group, and no list.
        expect(sent.filter((r) => r.startsWith('GET'))).toEqual(['GET /groups', `GET /groups/${group}`]);
      });
    }
  }

  it('a 500 answered before the work: the re-read finds nothing done, and the change goes with its error', async () => {
    const { store, emulator, sent } = await startStore({ groups: SEED }, 'http');
    await store.load();
    const events = collect(store.events$);
    const alpha = collect(store.group$('alpha'));
    emulator.setFaults({ failures: [{ kind: 'status', status: 500, operation: 'addLocation', times: 1, message: 'boom' }] });
    await expect(store.addLocation('alpha', 'fra')).rejects.toMatchObject({ code: 'server', status: 500 });
    await vi.waitFor(() => expect(events.values.map((e) => e.type)).toContain('reconciled'), { timeout: 1000 });
    expect(alpha.values.map(describeGroup)).toEqual(['lhr|lhr,ams', 'lhr|lhr,ams,fra', 'lhr|lhr,ams']);
    expect(events.values.filter((e) => e.operation === 'addLocation').map((e) => (e.type === 'reconciled' ? `reconciled:${e.applied}` : e.type))).toEqual([
      'start',
      'unknown',
      'reconciled:false',
    ]);
    expect(store.getMeta('alpha').error).toMatchObject({ code: 'server', status: 500, operation: 'addLocation' });
    expect(sent).toEqual(['GET /groups', 'POST /groups/alpha/locations/fra', 'GET /groups/alpha']);
  });

  it('a refusal (4xx, or 429/503 answered before acting) still rolls back at once, with no re-read', async () => {
    const { store, emulator, sent } = await startStore({ groups: SEED }, 'http');
    await store.load();
    const events = collect(store.events$);
    emulator.setFaults({ failures: [{ kind: 'status', status: 503, operation: 'addLocation', times: 3 }] });
    await expect(store.addLocation('alpha', 'fra')).rejects.toMatchObject({ code: 'server', status: 503 });
    expect(store.getGroup('alpha')?.locations).toEqual(['lhr', 'ams']);
    expect(events.values.map((e) => e.type)).toEqual(['start', 'retry', 'retry', 'failure', 'rollback']);
    expect(sent.filter((r) => r.startsWith('GET'))).toEqual(['GET /groups']);
  });
});

describe('the re-read waits for the network and backs off, until dispose', () => {
  it('offline: the re-read is sent when the network comes back; a failing one is retried with backoff', async () => {
    vi.useFakeTimers();
    const emulator = startEmulator();
    const { store, environment, sent } = openTab(emulator, { refetchInterval: false });
    await store.load();
    const events = collect(store.events$);
    emulator.setFaults({ latency: { perOperation: { addLocation: 100 } }, failures: [{ kind: 'malformed', operation: 'addLocation', times: 1 }] });
    const added = store.addLocation('alpha', 'fra').catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['GET /groups', 'POST /groups/alpha/locations/fra']);
    // The network goes while the answer (an unreadable one) is on its way.
    environment.setOnline(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(await added).toMatchObject({ code: 'bad_response' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toEqual(['GET /groups', 'POST /groups/alpha/locations/fra']);
    expect(store.getMeta('alpha').unconfirmed).toEqual(['addLocation']);
    expect(store.getGroup('alpha')?.locations).toEqual(['lhr', 'ams', 'fra']);

    // Back online, but the re-read fails twice: retried after 1 s, then 2 s.
    emulator.setFaults({ failures: [{ kind: 'status', status: 500, operation: 'retrieve', times: 2 }] });
    environment.setOnline(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.slice(2)).toEqual(['GET /groups/alpha']);
    await vi.advanceTimersByTimeAsync(999);
    expect(sent.slice(2)).toEqual(['GET /groups/alpha']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.slice(2)).toEqual(['GET /groups/alpha', 'GET /groups/alpha']);
    expect(store.getMeta('alpha').unconfirmed).toEqual(['addLocation']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent.slice(2)).toEqual(['GET /groups/alpha', 'GET /groups/alpha', 'GET /groups/alpha']);
    expect(store.getMeta('alpha')).toMatchObject({ unconfirmed: [], error: undefined });
    expect(store.getGroup('alpha')?.locations).toEqual(['lhr', 'ams', 'fra']);
    expect(events.values.filter((e) => e.operation === 'addLocation').map((e) => e.type)).toEqual(['start', 'unknown', 'reconciled']);
  });

  it('dispose() stops the re-reads: no request after it, no timer left', async () => {
    vi.useFakeTimers();
    const emulator = startEmulator();
    const { store, sent } = openTab(emulator, { refetchInterval: false });
    await store.load();
    emulator.setFaults({ failures: [{ kind: 'malformed', operation: 'delete', times: 1 }, { kind: 'status', status: 500, operation: 'retrieve' }] });
    await expect(store.delete('beta')).rejects.toMatchObject({ code: 'bad_response' });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['GET /groups', 'DELETE /groups/beta', 'GET /groups/beta']);
    store.dispose();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(sent).toEqual(['GET /groups', 'DELETE /groups/beta', 'GET /groups/beta']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
