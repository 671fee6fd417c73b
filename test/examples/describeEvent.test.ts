// The event log's lines: every event type of the store's union in plain
// language, with a mutation's location read from the store when it starts.
import { describe, expect, it } from 'vitest';
import { GroupsError, type PendingMutation, type StoreEvent } from 'turso-groups-store';
import { createEventDescriber, describeEvent, operationText } from '../../examples/shared/describeEvent.js';

const failed = new GroupsError({ code: 'server', operation: 'addLocation', group: 'eu', status: 500, detail: 'injected 500 (server panel)' });
const base = { id: 7, operation: 'addLocation', group: 'eu' } as const;

describe('describeEvent', () => {
  it('tells each event type in words', () => {
    const events: StoreEvent[] = [
      { ...base, type: 'start' },
      { ...base, type: 'retry', attempt: 1, reason: failed, waitMs: 1_234 },
      { ...base, type: 'unknown', error: failed },
      { ...base, type: 'reconciled', applied: true },
      { ...base, type: 'reconciled', applied: false },
      { ...base, type: 'failure', error: failed },
      { ...base, type: 'rollback' },
      { ...base, type: 'success' },
    ];
    expect(events.map((event) => describeEvent(event, { location: 'fra' }))).toEqual([
      'add location fra to eu: started',
      'add location fra to eu: retrying in 1.2 s (attempt 2): the server failed (500)',
      'add location fra to eu: no readable answer, checking with the server…',
      'add location fra to eu: the server has the change',
      'add location fra to eu: the server does not have the change, so it is taken back',
      'add location fra to eu: failed: the server failed (500)',
      'add location fra to eu: taken back on the page',
      'add location fra to eu: done',
    ]);
  });

  it('names every operation without its API name', () => {
    const texts = (['list', 'create', 'retrieve', 'delete', 'addLocation', 'removeLocation', 'mintToken', 'invalidateTokens', 'getConfiguration', 'updateConfiguration', 'unarchive', 'transfer', 'listLocations', 'request'] as const).map((operation) =>
      operationText(operation, operation === 'list' ? undefined : 'eu', operation === 'create' || operation.endsWith('Location') ? { location: 'fra' } : undefined),
    );
    expect(texts).toEqual(['load the groups', 'create eu in fra', 'read eu', 'delete eu', 'add location fra to eu', 'remove location fra from eu', 'mint a token for eu', 'invalidate the tokens of eu', 'read the delete protection of eu', 'change the delete protection of eu', 'unarchive eu', 'transfer eu to another organization', 'load the locations', 'a request']);
  });
});

describe('operationText', () => {
  it('says what a configuration change and a transfer ask for, when known', () => {
    expect([
      operationText('updateConfiguration', 'eu', { deleteProtection: true }),
      operationText('updateConfiguration', 'eu', { deleteProtection: false }),
      operationText('transfer', 'eu', { organization: 'staging' }),
    ]).toEqual(['turn on delete protection for eu', 'turn off delete protection for eu', 'transfer eu to staging']);
  });
});

describe('createEventDescriber', () => {
  it('reads the location when the mutation starts and keeps it for the events after', () => {
    let pending: readonly PendingMutation[] = [{ id: 7, operation: 'addLocation', group: 'eu', location: 'fra' }];
    const describe = createEventDescriber({ getPending: () => pending });
    const lines = [describe({ ...base, type: 'start' })];
    pending = [];
    lines.push(describe({ ...base, type: 'failure', error: failed }), describe({ ...base, type: 'rollback' }), describe({ id: 8, operation: 'list', group: undefined, type: 'start' }));
    expect(lines).toEqual([
      'add location fra to eu: started',
      'add location fra to eu: failed: the server failed (500)',
      'add location fra to eu: taken back on the page',
      'load the groups: started',
    ]);
  });

  it('reads what a configuration change and a transfer asked for', () => {
    const pending: readonly PendingMutation[] = [
      { id: 1, operation: 'updateConfiguration', group: 'eu', deleteProtection: false },
      { id: 2, operation: 'transfer', group: 'apac', organization: 'staging' },
      { id: 3, operation: 'unarchive', group: 'eu' },
    ];
    const describe = createEventDescriber({ getPending: () => pending });
    const refused = new GroupsError({ code: 'forbidden', operation: 'transfer', group: 'apac', status: 403 });
    expect([
      describe({ id: 1, operation: 'updateConfiguration', group: 'eu', type: 'start' }),
      describe({ id: 2, operation: 'transfer', group: 'apac', type: 'start' }),
      describe({ id: 3, operation: 'unarchive', group: 'eu', type: 'start' }),
      describe({ id: 1, operation: 'updateConfiguration', group: 'eu', type: 'success' }),
      describe({ id: 2, operation: 'transfer', group: 'apac', type: 'failure', error: refused }),
      describe({ id: 2, operation: 'transfer', group: 'apac', type: 'rollback' }),
    ]).toEqual([
      'turn off delete protection for eu: started',
      'transfer apac to staging: started',
      'unarchive eu: started',
      'turn off delete protection for eu: done',
      'transfer apac to staging: failed: you are not a member of that organization (403)',
      'transfer apac to staging: taken back on the page',
    ]);
  });
});
