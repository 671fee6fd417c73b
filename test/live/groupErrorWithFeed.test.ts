import { describe, expect, it } from 'vitest';
import type { GroupsStore, StoreEvent } from '../../src/index.js';
import { openBrowser, startFeedProxy, until } from './feedHarness.js';

// A group's error (meta.error) says why the user's last command on it did not
// happen. With the change feed, the store reads groups again on its own (a
// `stale` event: the proxy's word for a mutation whose outcome it cannot
// tell, or for a configuration change). Such a read is not a command of the
// group: it may not clear the error, or a refused change would be turned
// back on screen without a word. Over real HTTP through the proxy.

/** Each meta$ value of `name`, as `pending/unconfirmed/error code`. */
function metaOf(store: GroupsStore, name: string): string[] {
  const seen: string[] = [];
  store.meta$(name).subscribe((meta) => seen.push(`${meta.pending.join('+')}/${meta.unconfirmed.join('+')}/${meta.error?.code ?? '-'}`));
  return seen;
}

/** Whether every read the store started has ended. */
function readsSettled(events: readonly StoreEvent[]): boolean {
  const reads = events.filter((event) => event.operation === 'retrieve' || event.operation === 'list');
  return reads.filter((event) => event.type === 'start').length === reads.filter((event) => event.type === 'success' || event.type === 'failure').length;
}

describe('a group’s error with the change feed on', () => {
  it('stays after the store’s own re-reads (its reconciliation, the feed’s stale events), until the group’s next command', async () => {
    const { base, emulator } = await startFeedProxy();
    const alice = openBrowser(base);
    const bob = openBrowser(base);
    const meta = metaOf(alice.store, 'default');
    const events: StoreEvent[] = [];
    alice.store.events$.subscribe((event) => events.push(event));
    await alice.store.load();
    await until(() => alice.store.getFeed().status === 'connected', 'alice connected');

    // A 500 through the proxy: an unknown outcome, and a `stale` event for the group.
    emulator.setFaults({ failures: [{ operation: 'updateConfiguration', kind: 'status', status: 500, times: 1 }] });
    const refused = await alice.store.setDeleteProtection('default', true).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'server', status: 500 });
    await until(() => events.some((event) => event.type === 'reconciled'), 'the change reconciled');

    // Another browser's configuration change: one more `stale` of the group, and alice reads it again.
    await bob.store.setDeleteProtection('default', true);
    await until(() => alice.store.getConfirmed().find((group) => group.name === 'default')?.delete_protection === true, 'bob’s change read by alice');
    await until(() => readsSettled(events), 'alice’s reads answered');
    expect(events.filter((event) => event.type === 'reconciled')).toEqual([expect.objectContaining({ operation: 'updateConfiguration', group: 'default', applied: false })]);
    expect(alice.sent.filter((request) => request === 'GET /groups/default').length).toBeGreaterThanOrEqual(2);
    expect(meta).toEqual(['//-', 'updateConfiguration//-', '/updateConfiguration/-', '//server']);
    expect(alice.store.getMeta('default').error).toBe(refused);

    // The group's next command that succeeds clears it: here, a read the app asks for.
    await alice.store.retrieve('default');
    expect(meta).toEqual(['//-', 'updateConfiguration//-', '/updateConfiguration/-', '//server', '//-']);
  });

  it('a refusal (4xx) stays shown when the feed has the group read right after', async () => {
    const { base } = await startFeedProxy();
    const alice = openBrowser(base);
    const bob = openBrowser(base);
    const meta = metaOf(alice.store, 'default');
    const events: StoreEvent[] = [];
    alice.store.events$.subscribe((event) => events.push(event));
    await alice.store.load();
    await until(() => alice.store.getFeed().status === 'connected', 'alice connected');

    // bob removes the location alice is about to remove: the server refuses hers.
    await bob.store.load();
    await bob.store.addLocation('default', 'ams');
    await until(() => alice.store.getConfirmed()[0]?.locations.includes('ams') === true, 'ams shown to alice');
    const send = alice.hold('DELETE /groups/default/locations/ams');
    const removing = alice.store.removeLocation('default', 'ams').catch((error: unknown) => error);
    await bob.store.removeLocation('default', 'ams');
    send();
    const refused = await removing;
    expect(refused).toMatchObject({ code: 'validation', status: 400 });

    // bob's configuration change: a `stale` of the group, which alice reads again.
    await bob.store.setDeleteProtection('default', true);
    await until(() => alice.store.getConfirmed()[0]?.delete_protection === true, 'bob’s change read by alice');
    await until(() => readsSettled(events), 'alice’s reads answered');
    expect(alice.store.getMeta('default').error).toBe(refused);
    expect(meta.at(-1)).toBe('//validation');
  });
});
