import { describe, expect, it } from 'vitest';
import { createPlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';
import { ORG, TOKEN, WIRES, startHarness } from '../support/emulatorHarness.js';

// One token, several organizations (`otherOrgs`), archived and protected
// groups: the server-side state the transfer, unarchive and configuration
// operations work on.

const STAGING = 'staging';
const AUTH = { authorization: `Bearer ${TOKEN}` };

function emulatorWith(options: Partial<PlatformEmulatorOptions> = {}) {
  return createPlatformEmulator({ org: ORG, token: TOKEN, groups: [{ name: 'default', locations: ['lhr'] }], ...options });
}

async function answer(response: Response): Promise<[number, unknown]> {
  const text = await response.text();
  return [response.status, text === '' ? undefined : JSON.parse(text)];
}

describe.each(WIRES)('organizations the token is a member of (%s)', (wire) => {
  it('serves each with the same token, each with its own groups', async () => {
    const { emulator, transport } = await startHarness(wire, { groups: [{ name: 'default', locations: ['lhr'] }], otherOrgs: [STAGING, 'lab'] });
    const created = await transport({ method: 'POST', path: `/v1/organizations/${STAGING}/groups`, body: { name: 'edge', location: 'ams' } });
    const lists = await Promise.all([ORG, STAGING, 'lab'].map((org) => transport({ method: 'GET', path: `/v1/organizations/${org}/groups` })));
    expect(created).toMatchObject({ group: { name: 'edge', locations: ['ams'] } });
    expect(lists.map((list) => (list as { groups: Array<{ name: string }> }).groups.map((g) => g.name))).toEqual([['default'], ['edge'], []]);
    expect([emulator.snapshot().groups.map((g) => g.name), emulator.snapshot(STAGING).groups.map((g) => g.name)]).toEqual([['default'], ['edge']]);
  });

  it('still answers 403 for an organization the token is not a member of', async () => {
    const { transport } = await startHarness(wire, { otherOrgs: [STAGING] });
    await expect(transport({ method: 'GET', path: '/v1/organizations/elsewhere/groups' })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });
});

describe('the emulator as a test sees it', () => {
  it('a token minted in another organization verifies, and rotates there', async () => {
    const emulator = emulatorWith({ otherOrgs: [STAGING] });
    const call = (method: string, path: string, body?: unknown) =>
      emulator.handle(new Request(`http://emulator.invalid/v1/organizations/${STAGING}/groups${path}`, { method, headers: AUTH, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    await call('POST', '', { name: 'edge', location: 'ams' });
    const { jwt } = (await (await call('POST', '/edge/auth/tokens')).json()) as { jwt: string };
    expect((await emulator.verifyToken(jwt)).valid).toBe(true);
    await call('POST', '/edge/auth/rotate');
    expect(await emulator.verifyToken(jwt)).toEqual({ valid: false, reason: 'invalidated' });
  });

  it('snapshot and archive refuse an organization it does not serve, naming the ones it does', () => {
    const emulator = emulatorWith({ otherOrgs: [STAGING] });
    expect(() => emulator.snapshot('elsewhere')).toThrow(`invalid org "elsewhere": expected one the emulator serves ("${ORG}", "${STAGING}")`);
    expect(() => emulator.archive('default', 'elsewhere')).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('archive(name) archives a group as inactivity does, and the API then shows it archived', async () => {
    const emulator = emulatorWith();
    const archived = emulator.archive('default');
    const retrieved = await answer(await emulator.handle(new Request(`http://emulator.invalid/v1/organizations/${ORG}/groups/default`, { headers: AUTH })));
    expect(archived).toMatchObject({ name: 'default', archived: true });
    expect(retrieved).toEqual([200, { group: expect.objectContaining({ name: 'default', archived: true }) }]);
    expect(emulator.snapshot().groups[0]?.archived).toBe(true);
    expect(() => emulator.archive('nope')).toThrow(`invalid group name "nope": no such group in organization "${ORG}"`);
  });

  it('a fault plan names the new operations: a transfer refused 503 moves nothing', async () => {
    const emulator = emulatorWith({ otherOrgs: [STAGING], faults: { failures: [{ kind: 'status', status: 503, operation: ['transfer', 'unarchive'], times: 1 }] } });
    const transfer = () => emulator.handle(new Request(`http://emulator.invalid/v1/organizations/${ORG}/groups/default/transfer`, { method: 'POST', headers: AUTH, body: JSON.stringify({ organization: STAGING }) }));
    const refused = await answer(await transfer());
    expect([refused, emulator.snapshot(STAGING).groups]).toEqual([[503, { error: 'injected fault' }], []]);
    expect((await transfer()).status).toBe(200);
    expect(emulator.requests.map((r) => [r.operation, r.outcome])).toEqual([['transfer', 503], ['transfer', 200]]);
  });

  it('seeds groups archived or protected, and refuses to delete a protected one, changing nothing', async () => {
    const emulator = emulatorWith({ groups: [{ name: 'old', locations: ['lhr'], archived: true }, { name: 'safe', locations: ['ams'], delete_protection: true }] });
    const refused = await answer(await emulator.handle(new Request(`http://emulator.invalid/v1/organizations/${ORG}/groups/safe`, { method: 'DELETE', headers: AUTH })));
    expect(refused).toEqual([400, { error: 'group has delete protection enabled' }]);
    expect(emulator.snapshot().groups.map(({ name, archived, delete_protection }) => [name, archived, delete_protection])).toEqual([
      ['old', true, false],
      ['safe', false, true],
    ]);
  });
});
