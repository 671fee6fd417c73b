import { describe, expect, it } from 'vitest';
import { isGroupsError, type GroupsError } from '../../src/index.js';
import { ORG, WIRES, rejectionOf, startHarness } from '../support/emulatorHarness.js';

const SEED = [
  { name: 'default', locations: ['aws-us-east-1', 'aws-eu-west-1'], primary: 'aws-us-east-1' },
  { name: 'legacy', locations: ['lhr', 'ams'], primary: 'lhr', delete_protection: false, tier: 'gold' },
];

async function groupsErrorOf(promise: Promise<unknown>): Promise<GroupsError> {
  const error = await rejectionOf(promise);
  if (!isGroupsError(error)) throw new Error(`expected a GroupsError, got ${String(error)}`);
  return error;
}

describe.each(WIRES)('the eight operations over %s', (wire) => {
  it('lists groups in server order, keeping fields the contract does not name', async () => {
    const { api } = await startHarness(wire, { groups: SEED });
    const groups = await api.list();
    expect(groups.map((g) => g.name)).toEqual(['default', 'legacy']);
    expect(groups[1]).toMatchObject({ locations: ['lhr', 'ams'], primary: 'lhr', tier: 'gold' });
    expect(typeof groups[0]?.uuid).toBe('string');
  });

  it('creates a group and the server keeps it', async () => {
    const { api, emulator } = await startHarness(wire, { groups: SEED });
    const group = await api.create({ name: 'edge', location: 'aws-ap-south-1', extensions: ['vector', 'uuid'] });
    expect(group).toMatchObject({ name: 'edge', locations: ['aws-ap-south-1'], primary: 'aws-ap-south-1', archived: false });
    expect(emulator.snapshot().groups.map((g) => g.name)).toEqual(['default', 'legacy', 'edge']);
  });

  it('answers 409 "group already exists" as a conflict', async () => {
    const { api } = await startHarness(wire, { groups: SEED });
    const error = await groupsErrorOf(api.create({ name: 'default', location: 'aws-us-east-1' }));
    expect(error).toMatchObject({ code: 'conflict', status: 409, operation: 'create', group: 'default', detail: 'group already exists' });
    expect(error.message).toBe('create group "default": 409 group already exists');
  });

  it('answers 400 for a location the server does not know', async () => {
    const { api, emulator } = await startHarness(wire, { groups: SEED });
    const error = await groupsErrorOf(api.create({ name: 'edge', location: 'xyz' }));
    expect(error).toMatchObject({ code: 'validation', status: 400, detail: 'invalid location: xyz' });
    expect(emulator.snapshot().groups).toHaveLength(2);
  });

  it('retrieves one group, and 404s an unknown one', async () => {
    const { api } = await startHarness(wire, { groups: SEED });
    expect(await api.retrieve('legacy')).toMatchObject({ name: 'legacy', primary: 'lhr', tier: 'gold' });
    const error = await groupsErrorOf(api.retrieve('nope'));
    expect(error).toMatchObject({ code: 'not_found', status: 404, operation: 'retrieve', group: 'nope', detail: 'group not found' });
  });

  it('deletes a group, answering with it, and 404s the second time', async () => {
    const { api, emulator } = await startHarness(wire, { groups: SEED });
    expect(await api.delete('legacy')).toMatchObject({ name: 'legacy' });
    expect(emulator.snapshot().groups.map((g) => g.name)).toEqual(['default']);
    expect(await groupsErrorOf(api.delete('legacy'))).toMatchObject({ code: 'not_found', status: 404, operation: 'delete' });
  });

  it('refuses to delete a group with delete protection', async () => {
    const { api, emulator } = await startHarness(wire, { groups: [{ name: 'safe', locations: ['ams'], delete_protection: true }] });
    expect(await groupsErrorOf(api.delete('safe'))).toMatchObject({ code: 'validation', status: 400 });
    expect(emulator.snapshot().groups).toHaveLength(1);
  });

  it('adds a location, accepting both key shapes', async () => {
    const { api } = await startHarness(wire, { groups: SEED });
    expect((await api.addLocation('default', 'aws-us-west-2')).locations).toEqual(['aws-us-east-1', 'aws-eu-west-1', 'aws-us-west-2']);
    expect((await api.addLocation('legacy', 'fra')).locations).toEqual(['lhr', 'ams', 'fra']);
  });

  it('answers 400 to an unknown or duplicate location and 404 to an unknown group', async () => {
    const { api } = await startHarness(wire, { groups: SEED });
    expect(await groupsErrorOf(api.addLocation('default', 'aws-mars-1'))).toMatchObject({ code: 'validation', status: 400, detail: 'invalid location: aws-mars-1' });
    expect(await groupsErrorOf(api.addLocation('default', 'aws-eu-west-1'))).toMatchObject({ code: 'validation', status: 400 });
    expect(await groupsErrorOf(api.addLocation('nope', 'ams'))).toMatchObject({ code: 'not_found', status: 404, operation: 'addLocation' });
  });

  it('removes a location, but never the primary one', async () => {
    const { api, emulator } = await startHarness(wire, { groups: SEED });
    expect((await api.removeLocation('legacy', 'ams')).locations).toEqual(['lhr']);
    const error = await groupsErrorOf(api.removeLocation('legacy', 'lhr'));
    expect(error).toMatchObject({ code: 'validation', status: 400, operation: 'removeLocation', detail: 'cannot remove the primary location' });
    expect(emulator.snapshot().groups[1]?.locations).toEqual(['lhr']);
    expect(await groupsErrorOf(api.removeLocation('nope', 'ams'))).toMatchObject({ code: 'not_found', status: 404 });
    expect(await groupsErrorOf(api.removeLocation('legacy', 'zzz'))).toMatchObject({ code: 'validation', status: 400 });
  });

  it('mints a real JWT carrying the authorization level, expiry and permissions', async () => {
    const now = Date.UTC(2026, 10, 26);
    const { api, emulator } = await startHarness(wire, { groups: SEED, now: () => now });
    const { jwt } = await api.mintToken('default', {
      expiration: '1w2d',
      authorization: 'read-only',
      permissions: { read_attach: { databases: ['orders'] } },
    });
    expect(jwt.split('.')).toHaveLength(3);
    const verified = await emulator.verifyToken(jwt);
    expect(verified).toEqual({
      valid: true,
      claims: {
        iat: now / 1000,
        exp: now / 1000 + 9 * 86_400,
        a: 'ro',
        gid: expect.any(String),
        gen: 0,
        p: { read_attach: { databases: ['orders'] } },
      },
    });
    const fullAccess = await emulator.verifyToken((await api.mintToken('default')).jwt);
    expect(fullAccess.valid && fullAccess.claims).toMatchObject({ a: 'rw' });
    expect(fullAccess.valid && 'exp' in fullAccess.claims).toBe(false);
  });

  it('answers 404 when minting for an unknown group', async () => {
    const { api } = await startHarness(wire);
    expect(await groupsErrorOf(api.mintToken('nope'))).toMatchObject({ code: 'not_found', status: 404, operation: 'mintToken' });
  });

  it('invalidates every token minted so far, and only those', async () => {
    const { api, emulator } = await startHarness(wire, { groups: SEED });
    const before = await api.mintToken('default');
    const otherGroup = await api.mintToken('legacy');
    await expect(api.invalidateTokens('default')).resolves.toBeUndefined();
    expect(await emulator.verifyToken(before.jwt)).toEqual({ valid: false, reason: 'invalidated' });
    expect((await emulator.verifyToken(otherGroup.jwt)).valid).toBe(true);
    expect((await emulator.verifyToken((await api.mintToken('default')).jwt)).valid).toBe(true);
    expect(await groupsErrorOf(api.invalidateTokens('nope'))).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('lists locations as key → name', async () => {
    const { api } = await startHarness(wire);
    const locations = await api.listLocations();
    expect(locations).toMatchObject({ 'aws-us-east-1': 'AWS US East (Virginia)', lhr: 'London, United Kingdom' });
  });

  it('answers 401 without the right bearer token', async () => {
    const { api } = await startHarness(wire, {}, { token: 'wrong-token' });
    const error = await groupsErrorOf(api.list());
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, operation: 'list' });
    expect(error.message).not.toContain('wrong-token');
  });

  it('answers 403 for an organization the token cannot reach', async () => {
    const { emulator } = await startHarness(wire);
    const { createGroupsApi, createFetchTransport } = await import('../../src/index.js');
    const api = createGroupsApi({
      org: `${ORG}-other`,
      transport: createFetchTransport({ token: 'test-platform-token-5f0c', baseURL: 'http://emulator.invalid', fetch: emulator.fetch }),
    });
    expect(await groupsErrorOf(api.list())).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('the server refuses on its own what the client would have caught (400)', async () => {
    const { transport, emulator } = await startHarness(wire, { groups: SEED });
    const groups = `/v1/organizations/${ORG}/groups`;
    const attempts = [
      transport({ method: 'POST', path: groups, body: { name: 'Bad_Name', location: 'lhr' } }),
      transport({ method: 'POST', path: groups, body: { name: 'ok', location: 'lhr', extensions: ['bogus'] } }),
      transport({ method: 'POST', path: `${groups}/default/auth/tokens`, query: { expiration: 'soon' } }),
      transport({ method: 'POST', path: `${groups}/default/auth/tokens`, query: { authorization: 'admin' } }),
    ];
    const errors = await Promise.all(attempts.map((attempt) => rejectionOf(attempt)));
    expect(errors.map((e) => [(e as GroupsError).code, (e as GroupsError).status, (e as GroupsError).detail])).toEqual([
      ['validation', 400, 'invalid group name: Bad_Name'],
      ['validation', 400, 'invalid extensions'],
      ['validation', 400, 'Invalid expiration format'],
      ['validation', 400, 'invalid authorization: admin'],
    ]);
    expect(emulator.snapshot().groups).toHaveLength(2);
  });
});
