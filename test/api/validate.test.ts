import { describe, expect, it } from 'vitest';
import {
  createGroupsApi,
  isValidExpiration,
  isValidGroupName,
  isValidLocation,
  parseExpiration,
  type GroupsApi,
  type NewGroup,
  type TokenOptions,
} from '../../src/index.js';
import { rejectionOf } from '../support/emulatorHarness.js';
import { recordingTransport } from '../support/recordingTransport.js';

describe('the group name rule', () => {
  it.each(['a', 'default', 'eu-west', 'a1-b2-c3', '0', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(isValidGroupName(name)).toBe(true);
  });
  it.each(['', '-a', 'a-', 'A', 'a_b', 'a.b', 'a b', 'ü', 'x'.repeat(65), 'a/b', '..'])('refuses %j', (name) => {
    expect(isValidGroupName(name)).toBe(false);
  });
  it('refuses what is not a string', () => {
    expect([undefined, null, 42, {}].map(isValidGroupName)).toEqual([false, false, false, false]);
  });
});

describe('location keys', () => {
  it.each(['lhr', 'ams', 'aws-us-east-1', 'aws-ap-northeast-1', 'gcp-europe-west4'])('accepts %j', (location) => {
    expect(isValidLocation(location)).toBe(true);
  });
  it.each(['', 'lh', 'lhrx', 'LHR', 'aws_us_east_1', 'aws-', '-aws', 'aws--1', 'aws-us-east-1/x', '1hr'])('refuses %j', (location) => {
    expect(isValidLocation(location)).toBe(false);
  });
});

describe('expirations', () => {
  it.each([
    ['never', null],
    ['30s', 30],
    ['2w1d30m', 2 * 604_800 + 86_400 + 1_800],
    ['1h', 3_600],
    ['10d', 864_000],
  ])('reads %j as %j seconds', (text, seconds) => {
    expect(parseExpiration(text)).toBe(seconds);
    expect(isValidExpiration(text)).toBe(true);
  });
  it.each(['', '0m', 'forever', '2', 'w', '1m2h', '2w2w', '1.5h', '-1d', ' 1d', 'NEVER'])('refuses %j', (text) => {
    expect(parseExpiration(text)).toBeUndefined();
    expect(isValidExpiration(text)).toBe(false);
  });
});

describe('bad input never reaches the wire', () => {
  const cases: Array<[string, (api: GroupsApi) => Promise<unknown>, string]> = [
    ['create with a bad name', (api) => api.create({ name: 'Bad_Name', location: 'lhr' }), 'invalid group name "Bad_Name"'],
    ['create with a bad location', (api) => api.create({ name: 'ok', location: 'London' }), 'invalid location "London"'],
    ['create with unknown extensions', (api) => api.create({ name: 'ok', location: 'lhr', extensions: ['vector', 'nope'] } as unknown as NewGroup), 'invalid extensions'],
    ['create without a body', (api) => api.create(null as unknown as NewGroup), 'expected { name, location }'],
    ['retrieve', (api) => api.retrieve('-x'), 'invalid group name "-x"'],
    ['delete', (api) => api.delete(''), 'invalid group name ""'],
    ['addLocation with a bad location', (api) => api.addLocation('ok', 'aws/us'), 'invalid location "aws/us"'],
    ['removeLocation with a bad group', (api) => api.removeLocation('OK', 'lhr'), 'invalid group name "OK"'],
    ['mintToken with a bad expiration', (api) => api.mintToken('ok', { expiration: '2 weeks' }), 'invalid expiration "2 weeks"'],
    ['mintToken with a bad authorization', (api) => api.mintToken('ok', { authorization: 'admin' } as unknown as TokenOptions), 'invalid authorization "admin"'],
    ['mintToken with bad permissions', (api) => api.mintToken('ok', { permissions: { read_attach: { databases: [''] } } }), 'invalid permissions'],
    ['invalidateTokens', (api) => api.invalidateTokens(42 as unknown as string), 'invalid group name number'],
  ];

  it.each(cases)('%s is a validation error and sends nothing', async (_, call, detail) => {
    const transport = recordingTransport();
    const error = await rejectionOf(call(createGroupsApi({ org: 'acme', transport })));
    expect(error).toMatchObject({ name: 'GroupsError', code: 'validation', status: undefined });
    expect((error as Error).message).toContain(detail);
    expect(transport.calls).toEqual([]);
  });

  it('an organization slug that would be read as path structure is refused up front', () => {
    for (const org of ['', '.', '..']) {
      expect(() => createGroupsApi({ org, transport: recordingTransport() })).toThrow(/invalid organization/);
    }
  });
});

describe('requests as sent', () => {
  it('mintToken sends expiration and authorization as query, permissions as body', async () => {
    const transport = recordingTransport({ jwt: 'a.b.c' });
    const api = createGroupsApi({ org: 'acme', transport });
    await api.mintToken('ok', { expiration: '2w', authorization: 'read-only', permissions: { read_attach: { databases: ['db1'] } } });
    await api.mintToken('ok');
    expect(transport.calls).toEqual([
      {
        method: 'POST',
        path: '/v1/organizations/acme/groups/ok/auth/tokens',
        query: { expiration: '2w', authorization: 'read-only' },
        body: { permissions: { read_attach: { databases: ['db1'] } } },
        signal: undefined,
      },
      { method: 'POST', path: '/v1/organizations/acme/groups/ok/auth/tokens', query: {}, signal: undefined },
    ]);
  });

  it('a transport failing with a plain error becomes a network GroupsError with that cause', async () => {
    const cause = new Error('socket hang up');
    const api = createGroupsApi({ org: 'acme', transport: async () => { throw cause; } });
    expect(await rejectionOf(api.list())).toMatchObject({ code: 'network', operation: 'list', cause });
  });
});
