import { Ajv, type ValidateFunction } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformEmulator, type EmulatorOperation, type PlatformEmulator } from '../../src/emulator/index.js';
import { listen, type EmulatorServer } from '../../src/emulator/node.js';
import { ORG, TOKEN, WIRES, type Wire } from '../support/emulatorHarness.js';
import { DOCUMENTED_ANSWERS, GROUP_SCHEMA, WIRE_SCHEMAS, type WireShape } from '../support/wireShapes.js';

// Every operation, with its success and each documented error, checked against
// the project's own description of the wire shapes (test/support/wireShapes.ts)
// by ajv, which shares no code with the API client's response checks. Over the
// in-memory handler and over real HTTP on 127.0.0.1.

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<WireShape, ValidateFunction>();
for (const [shape, schema] of Object.entries(WIRE_SCHEMAS)) {
  if (schema !== 'empty') validators.set(shape as WireShape, ajv.compile(schema));
}

const G = `/v1/organizations/${ORG}/groups`;
const STAGING = 'staging';

interface Exchange {
  readonly operation: EmulatorOperation;
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  readonly path: string;
  readonly status: number;
  readonly body?: unknown;
  readonly token?: string;
}

// In order: each builds on the ones before (create, then delete twice).
const EXCHANGES: readonly Exchange[] = [
  { operation: 'list', method: 'GET', path: G, status: 200 },
  { operation: 'list', method: 'GET', path: G, status: 401, token: 'wrong' },
  { operation: 'list', method: 'GET', path: '/v1/organizations/other-org/groups', status: 403 },
  { operation: 'create', method: 'POST', path: G, status: 200, body: { name: 'edge', location: 'aws-eu-west-1', extensions: 'all' } },
  { operation: 'create', method: 'POST', path: G, status: 400, body: { name: 'Not_Valid', location: 'lhr' } },
  { operation: 'create', method: 'POST', path: G, status: 409, body: { name: 'default', location: 'aws-us-east-1' } },
  { operation: 'create', method: 'POST', path: G, status: 401, body: { name: 'x', location: 'lhr' }, token: 'wrong' },
  { operation: 'create', method: 'POST', path: '/v1/organizations/other-org/groups', status: 403, body: { name: 'x', location: 'lhr' } },
  { operation: 'retrieve', method: 'GET', path: `${G}/default`, status: 200 },
  { operation: 'retrieve', method: 'GET', path: `${G}/nope`, status: 404 },
  { operation: 'retrieve', method: 'GET', path: `${G}/default`, status: 401, token: 'wrong' },
  { operation: 'retrieve', method: 'GET', path: '/v1/organizations/other-org/groups/default', status: 403 },
  { operation: 'addLocation', method: 'POST', path: `${G}/default/locations/aws-us-west-2`, status: 200 },
  { operation: 'addLocation', method: 'POST', path: `${G}/default/locations/amss`, status: 400 },
  { operation: 'addLocation', method: 'POST', path: `${G}/nope/locations/lhr`, status: 404 },
  { operation: 'addLocation', method: 'POST', path: `${G}/default/locations/lhr`, status: 401, token: 'wrong' },
  { operation: 'addLocation', method: 'POST', path: '/v1/organizations/other-org/groups/default/locations/lhr', status: 403 },
  { operation: 'removeLocation', method: 'DELETE', path: `${G}/default/locations/aws-us-west-2`, status: 200 },
  { operation: 'removeLocation', method: 'DELETE', path: `${G}/default/locations/aws-us-east-1`, status: 400 },
  { operation: 'removeLocation', method: 'DELETE', path: `${G}/nope/locations/lhr`, status: 404 },
  { operation: 'removeLocation', method: 'DELETE', path: `${G}/default/locations/lhr`, status: 401, token: 'wrong' },
  { operation: 'removeLocation', method: 'DELETE', path: '/v1/organizations/other-org/groups/default/locations/lhr', status: 403 },
  { operation: 'mintToken', method: 'POST', path: `${G}/default/auth/tokens?expiration=2w&authorization=read-only`, status: 200, body: { permissions: { read_attach: { databases: [] } } } },
  { operation: 'mintToken', method: 'POST', path: `${G}/default/auth/tokens?expiration=2x`, status: 400 },
  { operation: 'mintToken', method: 'POST', path: `${G}/nope/auth/tokens`, status: 404 },
  { operation: 'mintToken', method: 'POST', path: `${G}/default/auth/tokens`, status: 401, token: 'wrong' },
  { operation: 'mintToken', method: 'POST', path: '/v1/organizations/other-org/groups/default/auth/tokens', status: 403 },
  { operation: 'invalidateTokens', method: 'POST', path: `${G}/default/auth/rotate`, status: 200 },
  { operation: 'invalidateTokens', method: 'POST', path: `${G}/nope/auth/rotate`, status: 404 },
  { operation: 'invalidateTokens', method: 'POST', path: `${G}/default/auth/rotate`, status: 401, token: 'wrong' },
  { operation: 'invalidateTokens', method: 'POST', path: '/v1/organizations/other-org/groups/default/auth/rotate', status: 403 },
  { operation: 'getConfiguration', method: 'GET', path: `${G}/protected/configuration`, status: 200 },
  { operation: 'getConfiguration', method: 'GET', path: `${G}/nope/configuration`, status: 404 },
  { operation: 'getConfiguration', method: 'GET', path: `${G}/default/configuration`, status: 401, token: 'wrong' },
  { operation: 'getConfiguration', method: 'GET', path: '/v1/organizations/other-org/groups/default/configuration', status: 403 },
  { operation: 'updateConfiguration', method: 'PATCH', path: `${G}/default/configuration`, status: 200, body: { delete_protection: true } },
  { operation: 'updateConfiguration', method: 'PATCH', path: `${G}/default/configuration`, status: 200, body: {} },
  { operation: 'updateConfiguration', method: 'PATCH', path: `${G}/default/configuration`, status: 400, body: { delete_protection: 'yes' } },
  { operation: 'updateConfiguration', method: 'PATCH', path: `${G}/default/configuration`, status: 400 },
  { operation: 'updateConfiguration', method: 'PATCH', path: `${G}/nope/configuration`, status: 404, body: { delete_protection: true } },
  { operation: 'updateConfiguration', method: 'PATCH', path: `${G}/default/configuration`, status: 401, body: { delete_protection: false }, token: 'wrong' },
  { operation: 'updateConfiguration', method: 'PATCH', path: '/v1/organizations/other-org/groups/default/configuration', status: 403, body: { delete_protection: false } },
  { operation: 'unarchive', method: 'POST', path: `${G}/old/unarchive`, status: 200 },
  { operation: 'unarchive', method: 'POST', path: `${G}/nope/unarchive`, status: 404 },
  { operation: 'unarchive', method: 'POST', path: `${G}/old/unarchive`, status: 401, token: 'wrong' },
  { operation: 'unarchive', method: 'POST', path: '/v1/organizations/other-org/groups/old/unarchive', status: 403 },
  { operation: 'create', method: 'POST', path: `/v1/organizations/${STAGING}/groups`, status: 200, body: { name: 'taken', location: 'lhr' } },
  { operation: 'transfer', method: 'POST', path: `${G}/legacy/transfer`, status: 200, body: { organization: STAGING } },
  { operation: 'transfer', method: 'POST', path: `${G}/taken/transfer`, status: 409, body: { organization: STAGING } },
  { operation: 'transfer', method: 'POST', path: `${G}/default/transfer`, status: 400, body: { organization: ORG } },
  { operation: 'transfer', method: 'POST', path: `${G}/default/transfer`, status: 400, body: { org: STAGING } },
  { operation: 'transfer', method: 'POST', path: `${G}/default/transfer`, status: 403, body: { organization: 'elsewhere' } },
  { operation: 'transfer', method: 'POST', path: `${G}/nope/transfer`, status: 404, body: { organization: STAGING } },
  { operation: 'transfer', method: 'POST', path: `${G}/default/transfer`, status: 401, body: { organization: STAGING }, token: 'wrong' },
  { operation: 'transfer', method: 'POST', path: '/v1/organizations/other-org/groups/default/transfer', status: 403, body: { organization: STAGING } },
  { operation: 'listLocations', method: 'GET', path: '/v1/locations', status: 200 },
  { operation: 'listLocations', method: 'GET', path: '/v1/locations', status: 401, token: 'wrong' },
  { operation: 'delete', method: 'DELETE', path: `${G}/edge`, status: 200 },
  { operation: 'delete', method: 'DELETE', path: `${G}/edge`, status: 404 },
  { operation: 'delete', method: 'DELETE', path: `${G}/protected`, status: 400 },
  { operation: 'delete', method: 'DELETE', path: `${G}/default`, status: 401, token: 'wrong' },
  { operation: 'delete', method: 'DELETE', path: '/v1/organizations/other-org/groups/default', status: 403 },
];

const servers: EmulatorServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function newEmulator(): PlatformEmulator {
  return createPlatformEmulator({
    org: ORG,
    token: TOKEN,
    groups: [
      { name: 'default', locations: ['aws-us-east-1'] },
      { name: 'legacy', locations: ['lhr', 'ams'], primary: 'ams', tier: 'scaler' },
      { name: 'protected', locations: ['fra'], delete_protection: true },
      { name: 'old', locations: ['ams'], archived: true },
      { name: 'taken', locations: ['lhr'] },
    ],
    otherOrgs: [STAGING],
  });
}

/** A way to send a request to the emulator over one wire. */
async function sender(wire: Wire, emulator: PlatformEmulator): Promise<(path: string, init: RequestInit) => Promise<Response>> {
  if (wire === 'in-memory') return (path, init) => emulator.handle(new Request(`http://emulator.invalid${path}`, init));
  const server = await listen(emulator);
  servers.push(server);
  return (path, init) => fetch(`${server.url}${path}`, init);
}

interface Checked {
  readonly exchange: string;
  readonly status: number;
  readonly shape: WireShape | 'undocumented';
  readonly problems: string;
}

async function check(response: Response, operation: EmulatorOperation): Promise<Omit<Checked, 'exchange'>> {
  const shape = DOCUMENTED_ANSWERS[operation][response.status];
  const text = await response.text();
  if (shape === undefined) return { status: response.status, shape: 'undocumented', problems: text };
  if (shape === 'empty') return { status: response.status, shape, problems: text === '' ? '' : `a body: ${text}` };
  if (response.headers.get('content-type') !== 'application/json') return { status: response.status, shape, problems: 'not application/json' };
  const validate = validators.get(shape) as ValidateFunction;
  const valid = validate(JSON.parse(text));
  return { status: response.status, shape, problems: valid ? '' : ajv.errorsText(validate.errors) };
}

describe.each(WIRES)("the emulator's answers have the project's wire shapes (%s)", (wire) => {
  it('for every operation: its success and each documented error', async () => {
    const send = await sender(wire, newEmulator());
    const checked: Checked[] = [];
    for (const exchange of EXCHANGES) {
      const response = await send(exchange.path, {
        method: exchange.method,
        headers: { authorization: `Bearer ${exchange.token ?? TOKEN}` },
        ...(exchange.body === undefined ? {} : { body: JSON.stringify(exchange.body) }),
      });
      checked.push({ exchange: `${exchange.method} ${exchange.path}`, ...(await check(response, exchange.operation)) });
    }
    expect(checked).toEqual(
      EXCHANGES.map((exchange) => ({
        exchange: `${exchange.method} ${exchange.path}`,
        status: exchange.status,
        shape: DOCUMENTED_ANSWERS[exchange.operation][exchange.status],
        problems: '',
      })),
    );
    // And nothing documented went unchecked.
    const covered = new Set(EXCHANGES.map((e) => `${e.operation} ${e.status}`));
    const documented = Object.entries(DOCUMENTED_ANSWERS).flatMap(([operation, answers]) => Object.keys(answers).map((status) => `${operation} ${status}`));
    expect(documented.filter((pair) => !covered.has(pair))).toEqual([]);
  });

  it('answers what no operation names (unknown path, wrong method, too large) with the error shape too', async () => {
    const send = await sender(wire, newEmulator());
    const answers = [
      await send('/v1/nothing', { headers: { authorization: `Bearer ${TOKEN}` } }),
      await send(G, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` } }),
      await send(G, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: 'x'.repeat(1_048_577) }),
    ];
    const validate = validators.get('error') as ValidateFunction;
    const results: Array<[number, boolean]> = [];
    for (const response of answers) results.push([response.status, validate(await response.json())]);
    expect(results).toEqual([[404, true], [405, true], [413, true]]);
  });
});

describe('the wire shapes', () => {
  it('every group the emulator holds is a group, and carries the uuid the design requires of it', () => {
    const validate = ajv.compile({ allOf: [GROUP_SCHEMA, { type: 'object', required: ['uuid'] }] });
    const invalid = newEmulator().snapshot().groups.filter((group) => !validate(group));
    expect(invalid).toEqual([]);
  });

  it('are strict enough to catch a wrong answer, and keep unknown group fields', () => {
    const accepts = (shape: WireShape, body: unknown): boolean => (validators.get(shape) as ValidateFunction)(body);
    const group = { name: 'a', locations: ['lhr'], primary: 'lhr' };
    expect([
      accepts('groups', { groups: [group] }),
      accepts('group', { group: { ...group, tier: 'scaler', uuid: 'u' } }),
      accepts('groups', { groups: [{ name: 1, locations: ['lhr'], primary: 'lhr' }] }),
      accepts('group', { group: { ...group, locations: 'lhr' } }),
      accepts('group', { group: { name: 'a', locations: ['lhr'] } }),
      accepts('group', { group, extra: true }),
      accepts('jwt', { jwt: 7 }),
      accepts('jwt', { jwt: 'not-a-jwt' }),
      accepts('error', { error: '' }),
      accepts('error', { message: 'x' }),
      accepts('locations', { locations: { lhr: 5 } }),
      accepts('locations', { locations: { 'Not A Key': 'x' } }),
    ]).toEqual([true, true, false, false, false, false, false, false, false, false, false, false]);
  });
});
