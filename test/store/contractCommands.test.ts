import { describe, expect, it, vi } from 'vitest';
import { createFetchTransport, createGroupsStore, manualEnvironment, type Group, type StoreEvent } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { openTab, startEmulator, TestBus } from '../live/liveHarness.js';
import { collect, startStore } from '../support/storeHarness.js';

// Today's contract as store commands: delete protection, unarchive and
// transfer, optimistic like the others, and ended by the server's answer.

const SEED = [
  { name: 'alpha', locations: ['lhr', 'ams'] },
  { name: 'beta', locations: ['fra'], archived: true },
];

const flags = (group: Group | undefined): string => (group ? `protected:${group.delete_protection === true} archived:${group.archived === true}` : 'absent');
const mineOnly = (events: readonly StoreEvent[], operation: string): string[] => events.filter((e) => e.operation === operation).map((e) => e.type);

describe('setDeleteProtection', () => {
  it('flips at once, pending as updateConfiguration, then confirmed; a protected group cannot be deleted, before the wire', async () => {
    const { store, emulator, sent } = await startStore({ groups: SEED });
    await store.load();
    const alpha = collect(store.group$('alpha'));
    const meta = collect(store.meta$('alpha'));
    const turning = store.setDeleteProtection('alpha', true);
    expect(flags(store.getGroup('alpha'))).toBe('protected:true archived:false');
    expect(store.getMeta('alpha').pending).toEqual(['updateConfiguration']);
    await turning;
    // The configuration answer tells protection only: the change stays layered (pending) until a
    // read sent after it brings the rest of the group.
    await vi.waitFor(() => expect(store.getMeta('alpha').pending).toEqual([]));
    expect(sent.slice(1)).toEqual(['PATCH /groups/alpha/configuration', 'GET /groups/alpha']);
    expect(alpha.values.map(flags)).toEqual(['protected:false archived:false', 'protected:true archived:false']);
    expect(meta.values.map((m) => m.pending.join('+'))).toEqual(['', 'updateConfiguration', '']);
    expect(emulator.snapshot().groups.find((g) => g.name === 'alpha')?.delete_protection).toBe(true);

    await expect(store.delete('alpha')).rejects.toMatchObject({ code: 'validation', operation: 'delete', group: 'alpha', detail: expect.stringMatching(/turn delete protection off/i) });
    expect(sent.filter((r) => r.startsWith('DELETE'))).toEqual([]);
    await store.setDeleteProtection('alpha', false);
    await store.delete('alpha');
    expect(emulator.snapshot().groups.map((g) => g.name)).toEqual(['beta']);
  });

  it('a refused change rolls back with its error, and a non-boolean is refused before the wire', async () => {
    const { store, emulator, sent } = await startStore({ groups: SEED });
    await store.load();
    const events = collect(store.events$);
    emulator.setFaults({ failures: [{ kind: 'status', status: 403, operation: 'updateConfiguration', times: 1, message: 'not allowed' }] });
    await expect(store.setDeleteProtection('alpha', true)).rejects.toMatchObject({ code: 'forbidden', operation: 'updateConfiguration' });
    expect(flags(store.getGroup('alpha'))).toBe('protected:false archived:false');
    expect(store.getMeta('alpha').error).toMatchObject({ code: 'forbidden' });
    expect(mineOnly(events.values, 'updateConfiguration')).toEqual(['start', 'failure', 'rollback']);
    const before = sent.length;
    await expect(store.setDeleteProtection('alpha', 'yes' as never)).rejects.toMatchObject({ code: 'validation' });
    expect(sent.length).toBe(before);
  });
});

describe('a configuration answer tells protection only', () => {
  it('a list sent before it cannot show protection undone, and the group is re-read before the change settles', async () => {
    vi.useFakeTimers();
    try {
      // The list's answer is late, and the re-read's later still.
      const held: Record<string, number> = { 'GET /groups': 300, 'GET /groups/alpha': 600 };
      const { store, sent } = await startStore({ groups: SEED }, 'in-memory', { holdAnswer: (request) => held[request] ?? 0 });
      const first = store.load();
      await vi.advanceTimersByTimeAsync(300);
      await first;
      const alpha = collect(store.group$('alpha'));
      const stale = store.load(); // read by the server now (protection off), answered at +300
      await vi.advanceTimersByTimeAsync(10);
      await store.setDeleteProtection('alpha', true);
      await vi.advanceTimersByTimeAsync(300);
      await stale;
      // The old list landed; the re-read has not: the change is still layered, and shown.
      expect(flags(store.getGroup('alpha'))).toBe('protected:true archived:false');
      expect(store.getMeta('alpha').pending).toEqual(['updateConfiguration']);
      await vi.advanceTimersByTimeAsync(600);
      expect(alpha.values.map(flags)).toEqual(['protected:false archived:false', 'protected:true archived:false']);
      expect(store.getMeta('alpha').pending).toEqual([]);
      expect(sent).toEqual(['GET /groups', 'GET /groups', 'PATCH /groups/alpha/configuration', 'GET /groups/alpha']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('unarchive', () => {
  it('wakes an archived group at once, then confirms it', async () => {
    const { store, emulator } = await startStore({ groups: SEED });
    await store.load();
    const beta = collect(store.group$('beta'));
    const woken = store.unarchive('beta');
    expect(flags(store.getGroup('beta'))).toBe('protected:false archived:false');
    expect(store.getMeta('beta').pending).toEqual(['unarchive']);
    expect((await woken).archived).not.toBe(true);
    expect(beta.values.map(flags)).toEqual(['protected:false archived:true', 'protected:false archived:false']);
    expect(emulator.snapshot().groups.find((g) => g.name === 'beta')?.archived).not.toBe(true);
  });
});

describe('transfer', () => {
  it('the group leaves this organization at once; the server moves it', async () => {
    const { store, emulator } = await startStore({ groups: SEED, otherOrgs: ['staging'] });
    await store.load();
    const groups = collect(store.groups$);
    const moving = store.transfer('alpha', 'staging');
    expect(store.getSnapshot().groups.map((g) => g.name)).toEqual(['beta']);
    expect(store.getMeta('alpha').pending).toEqual(['transfer']);
    expect((await moving).name).toBe('alpha');
    expect(groups.values.map((list) => list.map((g) => g.name))).toEqual([['alpha', 'beta'], ['beta']]);
    expect(emulator.snapshot().groups.map((g) => g.name)).toEqual(['beta']);
    expect(store.getMeta('alpha')).toMatchObject({ pending: [], error: undefined });
  });

  it('a transfer the server refuses brings the group back with its error; a malformed slug never leaves', async () => {
    const { store, sent } = await startStore({ groups: SEED, otherOrgs: ['staging'] });
    await store.load();
    const groups = collect(store.groups$);
    const refused = await store.transfer('alpha', 'not-a-member').catch((error: unknown) => error);
    expect(refused).toMatchObject({ operation: 'transfer', group: 'alpha', status: expect.any(Number) });
    expect(groups.values.map((list) => list.map((g) => g.name))).toEqual([['alpha', 'beta'], ['beta'], ['alpha', 'beta']]);
    expect(store.getMeta('alpha').error).toBe(refused);
    const before = sent.length;
    await expect(store.transfer('alpha', 'Not A Slug!')).rejects.toMatchObject({ code: 'validation', operation: 'transfer' });
    await expect(store.transfer('alpha', '')).rejects.toMatchObject({ code: 'validation', operation: 'transfer' });
    expect(sent.length).toBe(before);
  });

  it('an unreadable answer is reconciled: the re-read finds the group gone from this organization', async () => {
    const { store, emulator, sent } = await startStore({ groups: SEED, otherOrgs: ['staging'] }, 'http');
    await store.load();
    const events = collect(store.events$);
    emulator.setFaults({ failures: [{ kind: 'malformed', operation: 'transfer', times: 1 }] });
    await expect(store.transfer('alpha', 'staging')).rejects.toMatchObject({ code: 'bad_response' });
    await vi.waitFor(() => expect(events.values.map((e) => (e.type === 'reconciled' ? `reconciled:${e.applied}` : e.type))).toContain('reconciled:true'), { timeout: 1000 });
    expect(mineOnly(events.values, 'transfer')).toEqual(['start', 'unknown', 'reconciled']);
    expect(store.getSnapshot().groups.map((g) => g.name)).toEqual(['beta']);
    expect(sent).toEqual(['GET /groups', 'POST /groups/alpha/transfer', 'GET /groups/alpha']);
  });
});

describe('retrieve learns the configuration where the group answer lacks it', () => {
  it('asks for the configuration and shows the group with it', async () => {
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: [{ name: 'alpha', locations: ['lhr'], delete_protection: true }] });
    const asked: string[] = [];
    // A server whose group answers leave delete_protection out (as older ones do).
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      asked.push(`${init?.method ?? 'GET'} ${url.pathname.replace(`/v1/organizations/${ORG}`, '')}`);
      const answer = await emulator.fetch(input, init);
      const body = (await answer.json()) as { group?: Record<string, unknown> };
      if (body.group) delete body.group['delete_protection'];
      return new Response(JSON.stringify(body), { status: answer.status, headers: { 'content-type': 'application/json' } });
    };
    const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch }) });
    try {
      const alpha = await store.retrieve('alpha');
      expect(alpha.delete_protection).toBe(true);
      expect(store.getGroup('alpha')?.delete_protection).toBe(true);
      expect(asked).toEqual(['GET /groups/alpha', 'GET /groups/alpha/configuration']);
      await expect(store.delete('alpha')).rejects.toMatchObject({ code: 'validation' });
    } finally {
      store.dispose();
    }
  });
});

describe('offline, cross-tab and cancel', () => {
  it('held offline in order, sent on reconnect; a peer tab sees the result without a request', async () => {
    const bus = new TestBus();
    const emulator = startEmulator({ groups: SEED, otherOrgs: ['staging'] });
    const a = openTab(emulator, { crossTab: { channel: bus.channel() } }, manualEnvironment());
    const b = openTab(emulator, { crossTab: { channel: bus.channel() } });
    bus.deliverAll();
    await a.store.load();
    await b.store.load();
    a.environment.setOnline(false);
    const protecting = a.store.setDeleteProtection('alpha', true);
    const waking = a.store.unarchive('beta');
    await Promise.resolve();
    expect(a.store.getMeta('alpha')).toMatchObject({ pending: ['updateConfiguration'], paused: true });
    expect(a.sent).toEqual(['GET /groups']);
    a.environment.setOnline(true);
    await Promise.all([protecting, waking]);
    // The configuration answer tells protection only: a read sent after it brings the rest of the group.
    await vi.waitFor(() => expect(a.store.getPending()).toEqual([]));
    expect(a.sent).toEqual(['GET /groups', 'PATCH /groups/alpha/configuration', 'POST /groups/beta/unarchive', 'GET /groups/alpha']);
    b.sent.length = 0;
    bus.deliverAll();
    expect(flags(b.store.getGroup('alpha'))).toBe('protected:true archived:false');
    expect(flags(b.store.getGroup('beta'))).toBe('protected:false archived:false');
    const moving = a.store.transfer('alpha', 'staging');
    await moving;
    bus.deliverAll();
    expect(b.store.getSnapshot().groups.map((g) => g.name)).toEqual(['beta']);
    expect(b.sent).toEqual([]);
  });

  it('a transfer queued behind the group’s earlier command can be cancelled: it comes back, nothing is sent', async () => {
    const { store, sent } = await startStore({ groups: SEED, otherOrgs: ['staging'] });
    await store.load();
    const first = store.addLocation('alpha', 'fra');
    const moving = store.transfer('alpha', 'staging').catch((error: unknown) => error);
    const queued = store.getPending().find((m) => m.operation === 'transfer');
    expect(store.cancel(queued?.id ?? -1)).toBe(true);
    expect(await moving).toMatchObject({ code: 'aborted', operation: 'transfer' });
    await first;
    expect(store.getSnapshot().groups.map((g) => g.name)).toEqual(['alpha', 'beta']);
    expect(sent.filter((r) => r.includes('transfer'))).toEqual([]);
  });
});
