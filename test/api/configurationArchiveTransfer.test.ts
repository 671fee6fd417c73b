import { describe, expect, it } from 'vitest';
import { createGroupsApi, isGroupsError, type GroupsError } from '../../src/index.js';
import { ORG, WIRES, rejectionOf, startHarness } from '../support/emulatorHarness.js';
import { recordingTransport } from '../support/recordingTransport.js';

// The four operations of today's contract: get and update a group's
// configuration, unarchive, transfer. Each checked before the wire, sent as
// the document says, and its answer read as the document shapes it, over
// the emulator on real HTTP (127.0.0.1) and in memory.

const STAGING = 'staging';
const SEED = [
  { name: 'default', locations: ['aws-us-east-1'] },
  { name: 'safe', locations: ['ams'], delete_protection: true },
  { name: 'old', locations: ['lhr'], archived: true },
];

async function groupsErrorOf(promise: Promise<unknown>): Promise<GroupsError> {
  const error = await rejectionOf(promise);
  if (!isGroupsError(error)) throw new Error(`expected a GroupsError, got ${String(error)}`);
  return error;
}

describe('checked before the wire', () => {
  it('refuses a bad name, configuration or organization with a validation error, sending nothing', async () => {
    const transport = recordingTransport();
    const api = createGroupsApi({ org: ORG, transport });
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['getConfiguration', () => api.getConfiguration('Bad_Name')],
      ['updateConfiguration', () => api.updateConfiguration('-x', { delete_protection: true })],
      ['updateConfiguration', () => api.updateConfiguration('eu', { delete_protection: 'yes' } as never)],
      ['updateConfiguration', () => api.updateConfiguration('eu', {} as never)],
      ['updateConfiguration', () => api.updateConfiguration('eu', null as never)],
      ['updateConfiguration', () => api.updateConfiguration('eu', undefined as never)],
      ['updateConfiguration', () => api.updateConfiguration('eu', { get delete_protection(): boolean { throw new Error('getter'); } })],
      ['unarchive', () => api.unarchive('')],
      ['transfer', () => api.transfer('EU', STAGING)],
      ['transfer', () => api.transfer('eu', '')],
      ['transfer', () => api.transfer('eu', '..')],
      ['transfer', () => api.transfer('eu', 'my team')],
      ['transfer', () => api.transfer('eu', 'staging\n')],
      ['transfer', () => api.transfer('eu', 'a\ud800')],
      ['transfer', () => api.transfer('eu', 'o'.repeat(257))],
      ['transfer', () => api.transfer('eu', 42 as never)],
      ['transfer', () => api.transfer('eu', undefined as never)],
    ];
    const errors: unknown[] = [];
    for (const [, attempt] of attempts) {
      const error = await groupsErrorOf(attempt());
      errors.push([error.code, error.status, error.operation]);
    }
    expect(errors).toEqual(attempts.map(([operation]) => ['validation', undefined, operation]));
    expect(transport.calls).toEqual([]);
  });

  it('says what is expected, naming the group', async () => {
    const api = createGroupsApi({ org: ORG, transport: recordingTransport() });
    const messages = [
      (await groupsErrorOf(api.updateConfiguration('eu', { delete_protection: 'yes' } as never))).message,
      (await groupsErrorOf(api.transfer('eu', 'my team'))).message,
    ];
    expect(messages).toEqual([
      'update configuration of group "eu": invalid delete_protection "yes": expected true or false',
      'transfer group "eu": invalid organization "my team": expected an organization slug such as "my-team", 1-256 characters without spaces',
    ]);
  });

  it('sends what the document says: the method, the path, and only the checked body', async () => {
    const transport = recordingTransport({ delete_protection: true });
    const api = createGroupsApi({ org: ORG, transport });
    const configuration = { delete_protection: true, extra: 'not sent' };
    await api.updateConfiguration('eu', configuration);
    await api.getConfiguration('eu');
    await Promise.allSettled([api.unarchive('eu'), api.transfer('eu', STAGING)]);
    expect(transport.calls.map(({ method, path, body, query }) => ({ method, path, body, query }))).toEqual([
      { method: 'PATCH', path: `/v1/organizations/${ORG}/groups/eu/configuration`, body: { delete_protection: true }, query: undefined },
      { method: 'GET', path: `/v1/organizations/${ORG}/groups/eu/configuration`, body: undefined, query: undefined },
      { method: 'POST', path: `/v1/organizations/${ORG}/groups/eu/unarchive`, body: undefined, query: undefined },
      { method: 'POST', path: `/v1/organizations/${ORG}/groups/eu/transfer`, body: { organization: STAGING }, query: undefined },
    ]);
    expect(transport.calls[0]?.body).not.toBe(configuration);
  });
});

describe('answers of the wrong shape are bad_response errors', () => {
  it('a configuration without a boolean, a transfer answer wrapped in { group }, another group', async () => {
    const group = { name: 'eu', locations: ['lhr'], primary: 'lhr' };
    const answering = (body: unknown) => createGroupsApi({ org: ORG, transport: recordingTransport(body) });
    const errors = await Promise.all([
      groupsErrorOf(answering({ group }).getConfiguration('eu')),
      groupsErrorOf(answering({ delete_protection: 'true' }).updateConfiguration('eu', { delete_protection: true })),
      groupsErrorOf(answering({ group }).transfer('eu', STAGING)),
      groupsErrorOf(answering({ ...group, name: 'other' }).transfer('eu', STAGING)),
      groupsErrorOf(answering(group).unarchive('eu')),
    ]);
    expect(errors.map((e) => [e.code, e.operation, e.detail])).toEqual([
      ['bad_response', 'getConfiguration', 'unexpected response: expected { delete_protection: boolean }'],
      ['bad_response', 'updateConfiguration', 'unexpected response: expected { delete_protection: boolean }'],
      ['bad_response', 'transfer', 'unexpected response: expected a Group (not wrapped in { group })'],
      ['bad_response', 'transfer', 'unexpected response: expected the group "eu", not another one'],
      ['bad_response', 'unarchive', 'unexpected response: expected { group: Group }'],
    ]);
  });

  it('a configuration keeps fields the contract does not name', async () => {
    const api = createGroupsApi({ org: ORG, transport: recordingTransport({ delete_protection: false, size_limit: '1gb' }) });
    expect(await api.getConfiguration('eu')).toEqual({ delete_protection: false, size_limit: '1gb' });
  });
});

describe.each(WIRES)('over the emulator (%s)', (wire) => {
  it('reads the configuration: the group is not protected until it is turned on', async () => {
    const { api } = await startHarness(wire, { groups: SEED });
    const created = await api.create({ name: 'edge', location: 'fra' });
    expect([created.delete_protection, await api.getConfiguration('edge'), await api.getConfiguration('safe')]).toEqual([
      false,
      { delete_protection: false },
      { delete_protection: true },
    ]);
    expect(await groupsErrorOf(api.getConfiguration('nope'))).toMatchObject({ code: 'not_found', status: 404, operation: 'getConfiguration', group: 'nope', detail: 'group not found' });
  });

  it('turns delete protection on, which refuses a delete and changes nothing, then off, which lets it through', async () => {
    const { api, emulator } = await startHarness(wire, { groups: SEED });
    expect(await api.updateConfiguration('default', { delete_protection: true })).toEqual({ delete_protection: true });
    expect((await api.retrieve('default')).delete_protection).toBe(true);
    const refused = await groupsErrorOf(api.delete('default'));
    expect(refused).toMatchObject({ code: 'validation', status: 400, operation: 'delete', detail: 'group has delete protection enabled' });
    expect(emulator.snapshot().groups.map((g) => g.name)).toEqual(['default', 'safe', 'old']);
    expect(await api.updateConfiguration('default', { delete_protection: false })).toEqual({ delete_protection: false });
    expect((await api.delete('default')).name).toBe('default');
    expect(await groupsErrorOf(api.updateConfiguration('nope', { delete_protection: true }))).toMatchObject({ code: 'not_found', status: 404, operation: 'updateConfiguration' });
  });

  it('unarchives a group archived for inactivity, and answers a group that is not archived as it is', async () => {
    const { api, emulator } = await startHarness(wire, { groups: SEED });
    emulator.archive('default');
    const unarchived = await api.unarchive('old');
    expect([unarchived.name, unarchived.archived, (await api.retrieve('old')).archived]).toEqual(['old', false, false]);
    expect([(await api.retrieve('default')).archived, (await api.unarchive('default')).archived]).toEqual([true, false]);
    expect((await api.unarchive('default')).archived).toBe(false);
    expect(await groupsErrorOf(api.unarchive('nope'))).toMatchObject({ code: 'not_found', status: 404, operation: 'unarchive', detail: 'group not found' });
  });

  it('transfers a group to another organization of the token: the group itself comes back, and it moves lists', async () => {
    const { api, emulator } = await startHarness(wire, { groups: SEED, otherOrgs: [STAGING] });
    const before = await api.retrieve('safe');
    const moved = await api.transfer('safe', STAGING);
    expect(moved).toEqual(before);
    expect([emulator.snapshot().groups.map((g) => g.name), emulator.snapshot(STAGING).groups]).toEqual([['default', 'old'], [before]]);
    expect(await groupsErrorOf(api.retrieve('safe'))).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('refuses a transfer to an organization the token is not a member of (403) or where the name is taken (409), changing nothing', async () => {
    const { api, emulator, transport } = await startHarness(wire, { groups: SEED, otherOrgs: [STAGING] });
    await transport({ method: 'POST', path: `/v1/organizations/${STAGING}/groups`, body: { name: 'old', location: 'ams' } });
    const notMember = await groupsErrorOf(api.transfer('default', 'elsewhere'));
    const taken = await groupsErrorOf(api.transfer('old', STAGING));
    const own = await groupsErrorOf(api.transfer('default', ORG));
    expect([notMember, taken, own].map((e) => [e.code, e.status, e.operation, e.group, e.detail])).toEqual([
      ['forbidden', 403, 'transfer', 'default', 'you are not a member of organization: elsewhere'],
      ['conflict', 409, 'transfer', 'old', 'group already exists'],
      ['validation', 400, 'transfer', 'default', `group already belongs to organization: ${ORG}`],
    ]);
    expect([emulator.snapshot().groups.map((g) => g.name), emulator.snapshot(STAGING).groups.map((g) => g.name)]).toEqual([['default', 'safe', 'old'], ['old']]);
  });

  it('answers 404 "group not found" to a transfer of no such group', async () => {
    const { api } = await startHarness(wire, { groups: SEED, otherOrgs: [STAGING] });
    expect(await groupsErrorOf(api.transfer('nope', STAGING))).toMatchObject({ code: 'not_found', status: 404, operation: 'transfer', group: 'nope', detail: 'group not found' });
  });

  it('the server follows the document, not the client: it takes a configuration with nothing to change and refuses a bad one (400)', async () => {
    const { transport, emulator } = await startHarness(wire, { groups: SEED });
    const path = `/v1/organizations/${ORG}/groups/safe/configuration`;
    const unchanged = await transport({ method: 'PATCH', path, body: {} });
    const refused = await Promise.all([
      rejectionOf(transport({ method: 'PATCH', path, body: { delete_protection: 'off' } })),
      rejectionOf(transport({ method: 'POST', path: `/v1/organizations/${ORG}/groups/safe/transfer`, body: { org: STAGING } })),
    ]);
    expect(unchanged).toEqual({ delete_protection: true });
    expect(refused.map((e) => [(e as GroupsError).status, (e as GroupsError).detail])).toEqual([
      [400, 'invalid delete_protection: off: expected true or false'],
      [400, 'invalid request body: expected { organization }'],
    ]);
    expect(emulator.snapshot().groups.find((g) => g.name === 'safe')?.delete_protection).toBe(true);
  });
});
