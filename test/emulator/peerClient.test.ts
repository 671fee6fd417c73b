import { createClient } from '@tursodatabase/api';
import { describe, expect, it } from 'vitest';
import { ORG, TOKEN, startHarness } from '../support/emulatorHarness.js';

// Turso's own client, pointed at the emulator over loopback HTTP: a second,
// independent reader of the same contract.
describe('@tursodatabase/api against the emulator', () => {
  it('runs the groups operations', async () => {
    const { baseURL, emulator } = await startHarness('http', { groups: [{ name: 'default', locations: ['aws-us-east-1'] }] });
    const turso = createClient({ org: ORG, token: TOKEN, baseUrl: `${baseURL}/v1/` } as Parameters<typeof createClient>[0]);

    expect((await turso.groups.list()).map((g) => g.name)).toEqual(['default']);
    expect(await turso.groups.create('edge', 'aws-eu-west-1' as never, { extensions: ['vector'] })).toMatchObject({ name: 'edge', primary: 'aws-eu-west-1' });
    expect(await turso.groups.get('edge')).toMatchObject({ name: 'edge', locations: ['aws-eu-west-1'] });
    expect((await turso.groups.addLocation('edge', 'aws-us-east-2' as never)).locations).toEqual(['aws-eu-west-1', 'aws-us-east-2']);
    expect((await turso.groups.removeLocation('edge', 'aws-us-east-2' as never)).locations).toEqual(['aws-eu-west-1']);

    const { jwt } = await turso.groups.createToken('edge', { expiration: '1d', authorization: 'read-only' });
    const verified = await emulator.verifyToken(jwt);
    expect(verified.valid && verified.claims.a).toBe('ro');

    // The contract answers rotate with an empty 200; this client parses every
    // body as JSON, so its promise rejects although the server acted.
    await expect(turso.groups.rotateTokens('edge')).rejects.toThrow(SyntaxError);
    expect(await emulator.verifyToken(jwt)).toEqual({ valid: false, reason: 'invalidated' });

    expect(await turso.groups.delete('edge')).toMatchObject({ name: 'edge' });
    await expect(turso.groups.get('edge')).rejects.toMatchObject({ status: 404, message: 'group not found' });
    expect(emulator.snapshot().groups.map((g) => g.name)).toEqual(['default']);
  });
});
