import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';

// `npm run test:contract`, not part of `npm test`: Turso's published OpenAPI
// document is not in the repository (it is Turso's, not ours). It is read where
// CI keeps the project's reference material, beside the repository
// (../shared/reference), or from TURSO_OPENAPI. It is the contract, checked by a
// validator that shares no code with the API client's own response checks.
// Without the document this fails, never skips: a contract check that passes
// by checking nothing would be worse than none.
const DOCUMENT = process.env.TURSO_OPENAPI ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/reference/turso-platform-openapi.json');

function loadDocument(): Record<string, unknown> {
  if (!existsSync(DOCUMENT)) {
    throw new Error(
      `The contract test needs Turso's OpenAPI document, and it is not at ${DOCUMENT}. ` +
        'Put turso-platform-openapi.json there (CI keeps it in ../shared/reference beside the repository), ' +
        'or run with TURSO_OPENAPI=/path/to/turso-platform-openapi.json. `npm test` does not need it.',
    );
  }
  return JSON.parse(readFileSync(DOCUMENT, 'utf8')) as Record<string, unknown>;
}

const GROUPS = '/v1/organizations/{organizationSlug}/groups';

/** A JSON pointer (RFC 6901) into the document, for a $ref. */
function pointer(...tokens: string[]): string {
  return `openapi.json#/${tokens.map((t) => encodeURIComponent(t.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
}

function responseSchema(document: Record<string, unknown>, path: string, method: string, status: number): { $ref: string } {
  const response = (document.paths as Record<string, Record<string, { responses: Record<string, { $ref?: string }> }>>)[path]?.[method]?.responses[status];
  if (!response) throw new Error(`the document has no ${status} answer for ${method.toUpperCase()} ${path}`);
  if (response.$ref) {
    return { $ref: pointer(...response.$ref.slice(2).split('/'), 'content', 'application/json', 'schema') };
  }
  return { $ref: pointer('paths', path, method, 'responses', String(status), 'content', 'application/json', 'schema') };
}

interface Exchange {
  readonly path: string;
  readonly method: 'get' | 'post' | 'delete' | 'patch';
  readonly url: string;
  readonly status: number;
  readonly body?: unknown;
  /**
   * The top-level field the documented body names, which the schema leaves
   * optional; `'a group'` for a body that is a Group itself (transfer).
   */
  readonly field?: string;
}

const A_GROUP = 'a group';

const EXCHANGES: readonly Exchange[] = [
  { path: GROUPS, method: 'get', url: `/v1/organizations/${ORG}/groups`, status: 200, field: 'groups' },
  { path: GROUPS, method: 'post', url: `/v1/organizations/${ORG}/groups`, status: 200, body: { name: 'edge', location: 'aws-eu-west-1', extensions: 'all' }, field: 'group' },
  { path: GROUPS, method: 'post', url: `/v1/organizations/${ORG}/groups`, status: 409, body: { name: 'default', location: 'aws-us-east-1' }, field: 'error' },
  { path: `${GROUPS}/{groupName}`, method: 'get', url: `/v1/organizations/${ORG}/groups/default`, status: 200, field: 'group' },
  { path: `${GROUPS}/{groupName}`, method: 'get', url: `/v1/organizations/${ORG}/groups/nope`, status: 404, field: 'error' },
  { path: `${GROUPS}/{groupName}/locations/{location}`, method: 'post', url: `/v1/organizations/${ORG}/groups/default/locations/aws-us-west-2`, status: 200, field: 'group' },
  { path: `${GROUPS}/{groupName}/locations/{location}`, method: 'post', url: `/v1/organizations/${ORG}/groups/default/locations/amss`, status: 400, field: 'error' },
  { path: `${GROUPS}/{groupName}/locations/{location}`, method: 'post', url: `/v1/organizations/${ORG}/groups/nope/locations/lhr`, status: 404, field: 'error' },
  { path: `${GROUPS}/{groupName}/locations/{location}`, method: 'delete', url: `/v1/organizations/${ORG}/groups/default/locations/aws-us-west-2`, status: 200, field: 'group' },
  { path: `${GROUPS}/{groupName}/locations/{location}`, method: 'delete', url: `/v1/organizations/${ORG}/groups/default/locations/aws-us-east-1`, status: 400, field: 'error' },
  { path: `${GROUPS}/{groupName}/locations/{location}`, method: 'delete', url: `/v1/organizations/${ORG}/groups/nope/locations/lhr`, status: 404, field: 'error' },
  { path: `${GROUPS}/{groupName}/auth/tokens`, method: 'post', url: `/v1/organizations/${ORG}/groups/default/auth/tokens?expiration=2w&authorization=read-only`, status: 200, body: { permissions: { read_attach: { databases: [] } } }, field: 'jwt' },
  { path: `${GROUPS}/{groupName}/auth/tokens`, method: 'post', url: `/v1/organizations/${ORG}/groups/default/auth/tokens?expiration=2x`, status: 400, field: 'error' },
  { path: `${GROUPS}/{groupName}/auth/tokens`, method: 'post', url: `/v1/organizations/${ORG}/groups/nope/auth/tokens`, status: 404, field: 'error' },
  { path: `${GROUPS}/{groupName}/auth/rotate`, method: 'post', url: `/v1/organizations/${ORG}/groups/default/auth/rotate`, status: 200 },
  { path: `${GROUPS}/{groupName}/auth/rotate`, method: 'post', url: `/v1/organizations/${ORG}/groups/nope/auth/rotate`, status: 404, field: 'error' },
  { path: `${GROUPS}/{groupName}/configuration`, method: 'get', url: `/v1/organizations/${ORG}/groups/default/configuration`, status: 200, field: 'delete_protection' },
  { path: `${GROUPS}/{groupName}/configuration`, method: 'patch', url: `/v1/organizations/${ORG}/groups/legacy/configuration`, status: 200, body: { delete_protection: true }, field: 'delete_protection' },
  { path: `${GROUPS}/{groupName}/unarchive`, method: 'post', url: `/v1/organizations/${ORG}/groups/legacy/unarchive`, status: 200, field: 'group' },
  { path: `${GROUPS}/{groupName}/unarchive`, method: 'post', url: `/v1/organizations/${ORG}/groups/nope/unarchive`, status: 404, field: 'error' },
  { path: `${GROUPS}/{groupName}/transfer`, method: 'post', url: `/v1/organizations/${ORG}/groups/legacy/transfer`, status: 200, body: { organization: 'staging' }, field: A_GROUP },
  { path: `${GROUPS}/{groupName}/transfer`, method: 'post', url: `/v1/organizations/${ORG}/groups/nope/transfer`, status: 404, body: { organization: 'staging' }, field: 'error' },
  { path: '/v1/locations', method: 'get', url: '/v1/locations', status: 200, field: 'locations' },
  { path: `${GROUPS}/{groupName}`, method: 'delete', url: `/v1/organizations/${ORG}/groups/edge`, status: 200, field: 'group' },
  { path: `${GROUPS}/{groupName}`, method: 'delete', url: `/v1/organizations/${ORG}/groups/edge`, status: 404, field: 'error' },
];

describe("the emulator answers as Turso's OpenAPI document says", () => {
  const document = loadDocument();
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(document, 'openapi.json');
  const emulator = createPlatformEmulator({
    org: ORG,
    token: TOKEN,
    groups: [{ name: 'default', locations: ['aws-us-east-1'] }, { name: 'legacy', locations: ['lhr', 'ams'], primary: 'ams', archived: true }],
    otherOrgs: ['staging'],
  });

  // In order: the exchanges build on each other (create, then delete twice).
  it.each(EXCHANGES)('$method $url → $status', async (exchange) => {
    const response = await emulator.handle(
      new Request(`http://emulator.invalid${exchange.url}`, {
        method: exchange.method.toUpperCase(),
        headers: { authorization: `Bearer ${TOKEN}` },
        ...(exchange.body === undefined ? {} : { body: JSON.stringify(exchange.body) }),
      }),
    );
    expect(response.status).toBe(exchange.status);
    const text = await response.text();
    if (exchange.field === undefined) {
      expect(text).toBe(''); // "Successful response (No Content)"
      return;
    }
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = JSON.parse(text) as Record<string, unknown>;
    const validate = ajv.compile(responseSchema(document, exchange.path, exchange.method, exchange.status));
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
    if (exchange.field === A_GROUP) expect(body).toMatchObject({ name: expect.any(String), locations: expect.any(Array), primary: expect.any(String) });
    else expect(Object.keys(body)).toEqual([exchange.field]);
  });

  it('every group it returns is a Group, with the fields the design requires', async () => {
    const validate = ajv.compile({ allOf: [{ $ref: pointer('components', 'schemas', 'Group') }, { required: ['name', 'locations', 'primary', 'uuid'] }] });
    for (const group of [...emulator.snapshot().groups, ...emulator.snapshot('staging').groups]) expect(validate(group), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ name: 'x', locations: 'lhr', primary: 'lhr', uuid: 'u' })).toBe(false);
  });

  it('the schemas are strict enough to catch a wrong answer', () => {
    const list = ajv.compile(responseSchema(document, GROUPS, 'get', 200));
    expect(list({ groups: [{ name: 1 }] })).toBe(false);
    const mint = ajv.compile(responseSchema(document, `${GROUPS}/{groupName}/auth/tokens`, 'post', 200));
    expect(mint({ jwt: 7 })).toBe(false);
    const configuration = ajv.compile(responseSchema(document, `${GROUPS}/{groupName}/configuration`, 'patch', 200));
    expect(configuration({ delete_protection: 'yes' })).toBe(false);
    const transferred = ajv.compile(responseSchema(document, `${GROUPS}/{groupName}/transfer`, 'post', 200));
    expect(transferred({ name: 'x', locations: 'lhr' })).toBe(false);
  });
});
