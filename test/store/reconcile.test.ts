import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOKEN } from '../support/emulatorHarness.js';
import { collect, loadAfter, names, SEED, startStore } from '../support/storeHarness.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function outsideCreate(emulator: { handle(r: Request): Promise<Response> }, name: string): Promise<Response> {
  return emulator.handle(
    new Request('http://x/v1/organizations/acme/groups', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ name, location: 'syd' }),
    }),
  );
}

function outsideDelete(emulator: { handle(r: Request): Promise<Response> }, name: string): Promise<Response> {
  return emulator.handle(
    new Request(`http://x/v1/organizations/acme/groups/${name}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } }),
  );
}

describe('rebase: reads land under pending mutations (3)', () => {
  it('a load answered while a mutation is pending replaces the base and the recipe re-applies: no flicker', async () => {
    const { store, emulator } = await startStore({ groups: SEED, faults: { latency: { perOperation: { list: 100, addLocation: 300 } } } });
    await loadAfter(store, 100);
    await outsideCreate(emulator, 'zeta'); // a change by someone else, for the load to bring in
    const groups = collect(store.groups$);
    const refreshed = store.load();
    const added = store.addLocation('alpha', 'fra');
    await vi.advanceTimersByTimeAsync(100); // the list lands: zeta is new, fra is not on the server yet
    expect((await refreshed).find((g) => g.name === 'alpha')?.locations).toEqual(['lhr', 'ams']);
    await vi.advanceTimersByTimeAsync(200);
    await added;
    expect(groups.values.map((list) => list.map((g) => `${g.name}:${g.locations.join('+')}`))).toEqual([
      ['alpha:lhr+ams', 'beta:fra'],
      ['alpha:lhr+ams+fra', 'beta:fra'],
      ['alpha:lhr+ams+fra', 'beta:fra', 'zeta:syd'],
    ]);
  });

  const stale = { holdAnswer: (request: string) => (request === 'GET /groups' ? 300 : 0) };

  it('a list sent before a delete was confirmed does not bring the group back', async () => {
    const { store } = await startStore({ groups: SEED }, 'in-memory', stale);
    store.load().catch(() => undefined);
    await vi.advanceTimersByTimeAsync(300);
    const groups = collect(store.groups$);
    const staleList = store.load(); // read by the server now, answered at +300
    await vi.advanceTimersByTimeAsync(10);
    await store.delete('beta');
    await vi.advanceTimersByTimeAsync(300);
    expect(names(await staleList)).toEqual(['alpha', 'beta']);
    expect(groups.values.map(names)).toEqual([['alpha', 'beta'], ['alpha']]);
    expect(names(store.getConfirmed())).toEqual(['alpha']);
  });

  it('a list sent before a create was confirmed does not make the group vanish', async () => {
    const { store } = await startStore({ groups: SEED }, 'in-memory', stale);
    store.load().catch(() => undefined);
    await vi.advanceTimersByTimeAsync(300);
    const groups = collect(store.groups$);
    const staleList = store.load();
    await vi.advanceTimersByTimeAsync(10);
    await store.create({ name: 'gamma', location: 'nrt' });
    await vi.advanceTimersByTimeAsync(300);
    expect(names(await staleList)).toEqual(['alpha', 'beta']);
    expect(groups.values.map(names)).toEqual([['alpha', 'beta'], ['alpha', 'beta', 'gamma'], ['alpha', 'beta', 'gamma']]);
    expect(names(store.getConfirmed())).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('a list or retrieve sent before a location change was confirmed does not revert it', async () => {
    const { store } = await startStore({ groups: SEED }, 'in-memory', {
      holdAnswer: (request) => (request.startsWith('GET') ? 300 : 0),
    });
    store.load().catch(() => undefined);
    await vi.advanceTimersByTimeAsync(300);
    const alpha = collect(store.group$('alpha'));
    const staleList = store.load();
    const staleOne = store.retrieve('alpha');
    await vi.advanceTimersByTimeAsync(10);
    await store.removeLocation('alpha', 'ams');
    await vi.advanceTimersByTimeAsync(300);
    expect((await staleOne).locations).toEqual(['lhr', 'ams']);
    await staleList;
    expect(alpha.values.map((g) => g?.locations)).toEqual([['lhr', 'ams'], ['lhr']]);
  });

  it('a retrieve sent before a list does not bring back a group that list no longer has', async () => {
    const { store, emulator } = await startStore({ groups: SEED }, 'in-memory', {
      holdAnswer: (request) => (request === 'GET /groups/zeta' ? 300 : 0),
    });
    store.load().catch(() => undefined);
    await vi.advanceTimersByTimeAsync(10);
    const groups = collect(store.groups$);
    await outsideCreate(emulator, 'zeta');
    const staleOne = store.retrieve('zeta'); // read by the server now, answered at +300
    await vi.advanceTimersByTimeAsync(10);
    await outsideDelete(emulator, 'zeta'); // someone else deletes it
    const fresh = store.load();
    await vi.advanceTimersByTimeAsync(10);
    await fresh;
    await vi.advanceTimersByTimeAsync(300);
    expect((await staleOne).name).toBe('zeta'); // the caller still gets its answer
    expect(groups.values.map(names)).toEqual([['alpha', 'beta']]);
    expect(names(store.getConfirmed())).toEqual(['alpha', 'beta']);
  });

  it('a list sent after the confirmation is believed, even when it differs', async () => {
    const { store, emulator } = await startStore({ groups: SEED });
    await store.load();
    await store.addLocation('alpha', 'fra');
    await outsideCreate(emulator, 'zeta');
    await store.load();
    expect(names(store.getSnapshot().groups)).toEqual(['alpha', 'beta', 'zeta']);
  });
});

describe('order (4)', () => {
  it('commands on one group reach the server one at a time, in order; other groups run in parallel', async () => {
    const { store, timeline } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 100 } } });
    await loadAfter(store, 100);
    timeline.length = 0;
    const commands = [
      store.addLocation('alpha', 'fra'),
      store.removeLocation('alpha', 'ams'),
      store.addLocation('beta', 'nrt'),
      store.mintToken('alpha'),
      store.delete('beta'),
    ];
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(commands);
    expect(timeline).toEqual([
      [100, 'POST /groups/alpha/locations/fra'],
      [100, 'POST /groups/beta/locations/nrt'],
      [200, 'DELETE /groups/alpha/locations/ams'],
      [200, 'DELETE /groups/beta'],
      [300, 'POST /groups/alpha/auth/tokens'],
    ]);
  });

  it('a failed command does not stop the ones queued after it', async () => {
    const { store, emulator } = await startStore({ groups: SEED });
    await store.load();
    emulator.setFaults({ failures: [{ kind: 'status', status: 500, operation: 'addLocation' }] });
    const results = await Promise.allSettled([store.addLocation('alpha', 'fra'), store.removeLocation('alpha', 'ams')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(store.getSnapshot().groups[0]?.locations).toEqual(['lhr']);
  });
});

describe('reads (5)', () => {
  it('concurrent loads share one request', async () => {
    const { store, sent } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 50 } } });
    const loads = [store.load(), store.load(), store.load()];
    await vi.advanceTimersByTimeAsync(50);
    const lists = await Promise.all(loads);
    expect(sent).toEqual(['GET /groups']);
    expect(lists[1]).toBe(lists[0]);
  });

  it('a load issued after a mutation was confirmed is not answered by a list sent before it', async () => {
    const { store, sent } = await startStore({ groups: SEED }, 'in-memory', { holdAnswer: (r) => (r === 'GET /groups' ? 100 : 0) });
    const early = store.load(); // read by the server at once, answered late
    await store.delete('beta');
    const late = store.load();
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual(['GET /groups', 'DELETE /groups/beta', 'GET /groups']);
    expect(names(await early)).toEqual(['alpha', 'beta']);
    expect(names(await late)).toEqual(['alpha']);
    expect(names(store.getSnapshot().groups)).toEqual(['alpha']);
  });

  it('a retrieve issued after a mutation was confirmed is not answered by a retrieve sent before it', async () => {
    const { store, sent } = await startStore({ groups: SEED }, 'in-memory', { holdAnswer: (r) => (r === 'GET /groups/alpha' ? 100 : 0) });
    const early = store.retrieve('alpha'); // read by the server at once, answered late
    await store.addLocation('alpha', 'nrt');
    const late = store.retrieve('alpha');
    await vi.advanceTimersByTimeAsync(100);
    expect((await early).locations).toEqual(['lhr', 'ams']);
    expect((await late).locations).toEqual(['lhr', 'ams', 'nrt']);
    expect(sent).toEqual(['GET /groups/alpha', 'POST /groups/alpha/locations/nrt', 'GET /groups/alpha']);
    expect(store.getGroup('alpha')?.locations).toEqual(['lhr', 'ams', 'nrt']);
  });

  it('load({ maxAge }) answers from the store only while the list is younger than maxAge, never once it is that old', async () => {
    const { store, sent } = await startStore({ groups: SEED }); // fake timers: the clock stands still until advanced
    await store.load();
    await store.load({ maxAge: 0 }); // loaded 0 ms ago, which is not younger than 0 ms: asks
    await store.load({ maxAge: 1 }); // younger than 1 ms: from the store
    await vi.advanceTimersByTimeAsync(1000);
    await store.load({ maxAge: 1000 }); // exactly 1000 ms old: asks
    expect(sent).toEqual(['GET /groups', 'GET /groups', 'GET /groups']);
  });

  it('status goes idle → loading → success, then fetching while a refresh runs', async () => {
    const { store } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 10 } } }, 'in-memory');
    const status = collect(store.status$);
    await loadAfter(store, 10);
    await loadAfter(store, 10);
    const start = status.values[2]?.updatedAt ?? 0;
    expect(status.values).toEqual([
      { status: 'idle', error: undefined, updatedAt: undefined, fetching: false },
      { status: 'loading', error: undefined, updatedAt: undefined, fetching: true },
      { status: 'success', error: undefined, updatedAt: start, fetching: false },
      { status: 'success', error: undefined, updatedAt: start, fetching: true },
      { status: 'success', error: undefined, updatedAt: start + 10, fetching: false },
    ]);
  });

  it('a caller that gives up does not cancel the list for the others; the last one does', async () => {
    const { store, emulator } = await startStore({ groups: SEED, faults: { latency: { fixedMs: 100 } } });
    const a = new AbortController();
    const b = new AbortController();
    const first = store.load({ signal: a.signal });
    const second = store.load({ signal: b.signal });
    a.abort();
    await expect(first).rejects.toMatchObject({ code: 'aborted', operation: 'list' });
    await vi.advanceTimersByTimeAsync(100);
    expect(names(await second)).toEqual(['alpha', 'beta']);
    const third = store.load({ signal: a.signal });
    await expect(third).rejects.toMatchObject({ code: 'aborted' });
    const c = new AbortController();
    const fourth = store.load({ signal: c.signal });
    c.abort();
    await expect(fourth).rejects.toMatchObject({ code: 'aborted' });
    await vi.advanceTimersByTimeAsync(100);
    expect(emulator.requests.map((r) => r.outcome)).toEqual([200, 'aborted']);
    expect(store.getSnapshot().status).toMatchObject({ status: 'success', fetching: false });
  });
});

describe('the shown order', () => {
  it('is the server list order, new groups last; confirmations out of order do not reorder it', async () => {
    let creates = 0;
    // The first create's answer is held back, so the second is confirmed first.
    const { store } = await startStore({ groups: SEED }, 'in-memory', {
      holdAnswer: (request) => (request === 'POST /groups' && ++creates === 1 ? 100 : 0),
    });
    await store.load();
    const groups = collect(store.groups$);
    const gamma = store.create({ name: 'gamma', location: 'nrt' });
    const delta = store.create({ name: 'delta', location: 'syd' });
    await delta;
    expect(store.getSnapshot().meta.get('gamma')?.pending).toEqual(['create']);
    await vi.advanceTimersByTimeAsync(100);
    await gamma;
    await store.load();
    expect(groups.values.map(names)).toEqual([
      ['alpha', 'beta'],
      ['alpha', 'beta', 'gamma'],
      ['alpha', 'beta', 'gamma', 'delta'],
      ['alpha', 'beta', 'gamma', 'delta'], // delta confirmed (the server's object), in place
      ['alpha', 'beta', 'gamma', 'delta'], // gamma confirmed, in place
    ]);
  });

  it('takes the server order from a list answer', async () => {
    const { store, emulator } = await startStore({ groups: SEED });
    await store.load();
    await store.create({ name: 'gamma', location: 'nrt' });
    // Someone else deletes and re-creates alpha: on the server it is now last.
    const headers = { authorization: `Bearer ${TOKEN}` };
    await emulator.handle(new Request('http://x/v1/organizations/acme/groups/alpha', { method: 'DELETE', headers }));
    await emulator.handle(new Request('http://x/v1/organizations/acme/groups', { method: 'POST', headers, body: JSON.stringify({ name: 'alpha', location: 'lhr' }) }));
    const groups = collect(store.groups$);
    await store.load();
    expect(groups.values.map(names)).toEqual([
      ['alpha', 'beta', 'gamma'],
      ['beta', 'gamma', 'alpha'],
    ]);
  });
});
