import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createFetchTransport,
  createGroupsApi,
  createGroupsStore,
  isGroupsError,
  isValidAuthorization,
  isValidExpiration,
  isValidGroupName,
  isValidLocation,
  isValidOrganization,
  type GroupsApi,
  type GroupsStore,
  type Transport,
  type TransportRequest,
} from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';

// The rule under test: every hostile input rejects with a `validation`
// GroupsError (constructors throw one), throws nothing synchronously from a
// promise-returning method, sends nothing, and changes nothing.

const ORG = 'acme';
const TOKEN = 'fuzz-platform-token-7c1e';
const BASE_URL = 'http://emulator.invalid';
const SEED_GROUP = { name: 'ok', locations: ['lhr', 'ams'], primary: 'lhr' };

// One emulator for the whole file: nothing may ever reach it. Each run counts
// only its own requests, so a failing run does not fail the shrunk ones.
const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: [{ name: 'ok', locations: ['lhr', 'ams'] }] });
const emulatorTransport = createFetchTransport({ token: TOKEN, baseURL: BASE_URL, fetch: emulator.fetch, retryDelay: 0 });

/** A transport around the emulator's that counts what reaches it. */
function countingWire(): { readonly transport: Transport; readonly sent: TransportRequest[] } {
  const sent: TransportRequest[] = [];
  const transport: Transport = (request) => {
    sent.push(request);
    return emulatorTransport(request);
  };
  return { transport, sent };
}

// ── hostile values ────────────────────────────────────────────────────────

/**
 * A hostile value with a short label. fast-check prints the label, never the
 * value: it may be 10 MB long, or throw as soon as it is read.
 */
interface Hostile {
  readonly label: string;
  readonly value: unknown;
}

function hostile(label: string, value: unknown): Hostile {
  return { label, value, [fc.toStringMethod]: () => label } as Hostile;
}

function labelOf(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…(${text.length})` : text);
}

/** An array of `length` with only `entries` set: the other indexes are holes, which `every` skips. */
function holey(length: number, entries: Record<number, unknown>): unknown[] {
  const array: unknown[] = [];
  array.length = length;
  for (const [index, value] of Object.entries(entries)) array[Number(index)] = value;
  return array;
}

const boom = (): never => {
  throw new Error('boom');
};
const throwingProxy = new Proxy({}, { get: boom });
// The same over an object with fields, so code that lists the keys reads one too.
const throwingProxyWithKeys = new Proxy({ name: 'ok', location: 'lhr', expiration: 'never', signal: undefined, a: 'b' }, { get: boom });
const trapEverything = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom });
const revokedProxy = (() => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
})();
// Array.isArray says yes; reading anything throws.
const throwingArray = new Proxy(['vector'], { get: boom });
// Claims a length no loop should walk.
const lyingArray = new Proxy([], { get: (_, key) => (key === 'length' ? 2 ** 32 - 1 : undefined) });
const cyclic: Record<string, unknown> = { name: 'ok' };
cyclic.self = cyclic;
const cyclicArray: unknown[] = ['vector'];
cyclicArray.push(cyclicArray);

// Built once: making a 10 MB string per run would be the whole runtime.
const TEN_MB = 'a'.repeat(10 * 1024 * 1024);
const TEN_MB_DOTS = '../'.repeat(3_500_000);

/** Values that are not strings, numbers or plain objects: wrong wherever an object or a string is expected. */
const STRANGE_OBJECTS: readonly Hostile[] = [
  hostile('throwing proxy', throwingProxy),
  hostile('throwing proxy with keys', throwingProxyWithKeys),
  hostile('proxy trapping everything', trapEverything),
  hostile('revoked proxy', revokedProxy),
  hostile('throwing array proxy', throwingArray),
  hostile('array proxy with a huge length', lyingArray),
  hostile('new Date(0)', new Date(0)),
  hostile("new String('ok')", new String('ok')),
  hostile('/ok/', /ok/),
  hostile('new Map()', new Map([['name', 'ok']])),
  hostile('a promise', Promise.resolve('ok')),
  hostile('a class instance', new (class Options { readonly name = 'ok'; })()),
  hostile('fields inherited through __proto__', { __proto__: { name: 'ok', location: 'lhr', signal: undefined } }),
  hostile('Object.create(fields)', Object.create({ name: 'ok', location: 'lhr' }) as unknown),
];

const STRANGE_ARRAYS: readonly Hostile[] = [
  hostile('[]', []),
  hostile("['ok']", ['ok']),
  hostile("[, 'vector']", holey(2, { 1: 'vector' })),
  hostile('cyclic array', cyclicArray),
];

const SCALAR_CONSTANTS: readonly Hostile[] = [
  ...['', ' ', '.', '..', '/', '%2F', '%2f', '..%2F', '%2E%2E', 'a/b', 'a?b', 'a#b', 'a\\b', '\u0000', 'A', 'é', '中', '😀',
    'a\ud800b', '\ud800', '\udc00', '\udc00\ud800', '__proto__', 'constructor/..', 'all', 'never', 'lhr/..', 'ok%00', '-ok', 'ok-']
    .map((text) => hostile(labelOf(text), text)),
  hostile('10 MB of "a"', TEN_MB),
  hostile('10 MB of "../"', TEN_MB_DOTS),
  hostile('1n', 1n),
  hostile('-(2n ** 64n)', -(2n ** 64n)),
  hostile("Symbol('ok')", Symbol('ok')),
  hostile('Symbol.iterator', Symbol.iterator),
  hostile('a function', () => 'ok'),
  hostile('a class', class Ok {}),
  hostile('NaN', Number.NaN),
  hostile('Infinity', Number.POSITIVE_INFINITY),
  hostile('-Infinity', Number.NEGATIVE_INFINITY),
  hostile('-0', -0),
  hostile('0', 0),
  hostile('42', 42),
  hostile('1.5', 1.5),
  hostile('true', true),
  hostile('false', false),
  hostile('null', null),
];

// Strings of any UTF-16 units (lone surrogates included) and of parser-stressing pieces.
const NASTY = ['/', '..', '.', '%', '%2F', '%2E', '?', '#', '&', '=', ' ', '\\', '~', 'é', '😀', '\ud800', '\udfff', '\u0000', 'A', '-', '_', 'ok'];
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const generatedString = fc.oneof(
  fc.string({ unit: anyUnit, maxLength: 12 }),
  fc.array(fc.constantFrom(...NASTY), { maxLength: 6 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
).map((text) => hostile(labelOf(text), text));

/** Anything but `undefined`, a plain object or an array. */
const scalar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SCALAR_CONSTANTS) },
  { weight: 3, arbitrary: generatedString },
  { weight: 1, arbitrary: fc.bigInt().map((n) => hostile(`${n}n`, n)) },
  { weight: 1, arbitrary: fc.double().map((n) => hostile(String(n), n)) },
);
const strangeObject = fc.constantFrom(...STRANGE_OBJECTS);
const strangeArray = fc.constantFrom(...STRANGE_ARRAYS);
/** Wrong wherever a string, a number or an options object is expected. */
const notAnObject = fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: strangeObject }, { weight: 1, arbitrary: strangeArray });
const orUndefined = (arbitrary: fc.Arbitrary<Hostile>): fc.Arbitrary<Hostile> =>
  fc.oneof({ weight: 9, arbitrary }, { weight: 1, arbitrary: fc.constant(hostile('undefined', undefined)) });

/** An object built from `fields`, printed as its labels. */
function objectOf(fields: Record<string, Hostile>): Hostile {
  const value: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) value[key] = field.value;
  return hostile(`{ ${Object.entries(fields).map(([key, field]) => `${key}: ${field.label}`).join(', ')} }`, value);
}

/** `{ ...fields, [key]: a getter that throws }`. */
function withThrowingGetter(key: string, fields: Record<string, unknown> = {}): Hostile {
  const value = { ...fields };
  Object.defineProperty(value, key, { enumerable: true, get: boom });
  return hostile(`{ get ${key}() { throw } }`, value);
}

const badName = orUndefined(notAnObject).filter((h) => !isValidGroupName(h.value));
const badLocation = orUndefined(notAnObject).filter((h) => !isValidLocation(h.value));
const badOrganization = orUndefined(notAnObject).filter((h) => !isValidOrganization(h.value));
const badBoolean = orUndefined(notAnObject).filter((h) => typeof h.value !== 'boolean');
const badConfiguration = fc.oneof(
  orUndefined(notAnObject),
  badBoolean.map((b) => objectOf({ delete_protection: b })),
  fc.constant(withThrowingGetter('delete_protection')),
);
const badExpiration = notAnObject.filter((h) => !isValidExpiration(h.value));
const badAuthorization = notAnObject.filter((h) => !isValidAuthorization(h.value));

const badExtensions = fc.oneof(
  scalar.filter((h) => h.value !== 'all'),
  strangeObject,
  fc.constantFrom(
    hostile('{}', {}),
    hostile("[, 'vector']", holey(2, { 1: 'vector' })),
    hostile("['vector', , 'crypto']", holey(3, { 0: 'vector', 2: 'crypto' })),
    hostile('new Array(3)', holey(3, {})),
    hostile("['nope']", ['nope']),
    hostile("['VECTOR']", ['VECTOR']),
    hostile('[1n]', [1n]),
    hostile('[null]', [null]),
    hostile('[undefined]', [undefined]),
    hostile('[throwing proxy]', [throwingProxy]),
    hostile('throwing array proxy', throwingArray),
    hostile('array proxy with a huge length', lyingArray),
    hostile('cyclic array', cyclicArray),
  ),
);

const badNewGroup = fc.oneof(
  notAnObject,
  fc.constantFrom(
    hostile('{}', {}),
    hostile('Object.create(null)', Object.create(null) as unknown),
    hostile('cyclic object', cyclic),
    hostile('JSON {"__proto__":{name,location}}', JSON.parse('{"__proto__":{"name":"ok","location":"lhr"}}')),
    withThrowingGetter('name', { location: 'lhr' }),
    withThrowingGetter('location', { name: 'ok' }),
    withThrowingGetter('extensions', { name: 'ok', location: 'lhr' }),
  ),
  badName.map((name) => objectOf({ name, location: hostile('"lhr"', 'lhr') })),
  badLocation.map((location) => objectOf({ name: hostile('"ok"', 'ok'), location })),
  badExtensions.map((extensions) => objectOf({ name: hostile('"ok"', 'ok'), location: hostile('"lhr"', 'lhr'), extensions })),
);

const badDatabases = fc.oneof(
  scalar,
  strangeObject,
  fc.constantFrom(
    hostile("[, 'db']", holey(2, { 1: 'db' })),
    hostile("['db', , 'x']", holey(3, { 0: 'db', 2: 'x' })),
    hostile('new Array(2)', holey(2, {})),
    hostile("['']", ['']),
    hostile('[1n]', [1n]),
    hostile('[null]', [null]),
    hostile("['db', Symbol()]", ['db', Symbol('db')]),
    hostile('[throwing proxy]', [throwingProxy]),
    hostile('throwing array proxy', throwingArray),
    hostile('array proxy with a huge length', lyingArray),
  ),
);

const badPermissions = fc.oneof(
  notAnObject,
  fc.constantFrom(
    hostile('{}', {}),
    hostile('{ read_attach: {} }', { read_attach: {} }),
    hostile('{ read_attach: [] }', { read_attach: [] }),
    withThrowingGetter('read_attach'),
    hostile('{ read_attach: { get databases() { throw } } }', { read_attach: withThrowingGetter('databases').value }),
  ),
  notAnObject.map((readAttach) => objectOf({ read_attach: readAttach })),
  badDatabases.map((databases) => hostile(`{ read_attach: { databases: ${databases.label} } }`, { read_attach: { databases: databases.value } })),
);

const badTokenOptions = fc.oneof(
  notAnObject,
  fc.constantFrom(withThrowingGetter('expiration'), withThrowingGetter('authorization'), withThrowingGetter('permissions')),
  badExpiration.map((expiration) => objectOf({ expiration })),
  badAuthorization.map((authorization) => objectOf({ authorization })),
  badPermissions.map((permissions) => objectOf({ permissions })),
);

const FAKE_SIGNALS: readonly Hostile[] = [
  hostile('{}', {}),
  hostile("{ aborted: 'no', … }", { aborted: 'no', addEventListener: () => undefined, removeEventListener: () => undefined }),
  hostile('{ aborted: false, addEventListener: 1, … }', { aborted: false, addEventListener: 1, removeEventListener: () => undefined }),
  hostile('{ aborted: false } without listeners', { aborted: false }),
  hostile('an AbortController', new AbortController()),
];

const badSignal = fc.oneof(notAnObject, fc.constantFrom(...FAKE_SIGNALS));
const badCallOptions = fc.oneof(
  notAnObject,
  fc.constant(withThrowingGetter('signal')),
  badSignal.map((signal) => objectOf({ signal })),
);
const badMaxAge = fc.constantFrom(
  hostile('-1', -1),
  hostile('NaN', Number.NaN),
  hostile('-Infinity', Number.NEGATIVE_INFINITY),
  hostile("'5'", '5'),
  hostile('1n', 1n),
  hostile('null', null),
  hostile('{}', {}),
  hostile('Symbol()', Symbol('ms')),
  hostile('a function', () => 1),
);
const badLoadOptions = fc.oneof(badCallOptions, badMaxAge.map((maxAge) => objectOf({ maxAge })), fc.constant(withThrowingGetter('maxAge')));

// An org: not a string, or a string that cannot be one path segment.
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
const illFormed = fc
  .tuple(fc.string({ maxLength: 4 }), loneSurrogate, fc.string({ maxLength: 4 }))
  .map(([a, lone, b]) => a + lone + b)
  .filter((text) => !/[\ud800-\udbff][\udc00-\udfff]/.test(text))
  .map((text) => hostile(labelOf(text), text));
const badOrg = fc.oneof(
  orUndefined(notAnObject).filter((h) => typeof h.value !== 'string'),
  fc.constantFrom(...['', '.', '..'].map((text) => hostile(labelOf(text), text)), hostile('10 MB of "a"', TEN_MB), hostile('10 MB of "../"', TEN_MB_DOTS)),
  illFormed,
);
const badTransport = orUndefined(notAnObject).filter((h) => typeof h.value !== 'function');
const badApiOptions = fc.oneof(
  orUndefined(notAnObject),
  fc.constantFrom(hostile('{}', {}), withThrowingGetter('org', { transport: emulatorTransport }), withThrowingGetter('transport', { org: ORG })),
  badOrg.map((org) => hostile(`{ org: ${org.label}, transport }`, { org: org.value, transport: emulatorTransport })),
  badTransport.map((transport) => hostile(`{ org, transport: ${transport.label} }`, { org: ORG, transport: transport.value })),
);

const badInitialState = fc.oneof(
  notAnObject,
  fc.constantFrom(
    hostile('{}', {}),
    hostile("{ groups: 'x', updatedAt: 0 }", { groups: 'x', updatedAt: 0 }),
    hostile('{ groups: [1n], updatedAt: 0 }', { groups: [1n], updatedAt: 0 }),
    hostile('{ groups: [hole], updatedAt: 0 }', { groups: holey(1, {}), updatedAt: 0 }),
    hostile('{ groups: [throwing proxy], updatedAt: 0 }', { groups: [throwingProxy], updatedAt: 0 }),
    hostile("{ groups: [], updatedAt: 'x' }", { groups: [], updatedAt: 'x' }),
    hostile('{ groups: [], updatedAt: NaN }', { groups: [], updatedAt: Number.NaN }),
    hostile('{ groups: [], updatedAt: 1n }', { groups: [], updatedAt: 1n }),
    withThrowingGetter('groups', { updatedAt: 0 }),
  ),
);
const badStoreOptions = fc.oneof(
  badApiOptions,
  fc.constantFrom(hostile('{ api: {} }', { api: {} }), hostile("{ api: { list: 'x' } }", { api: { list: 'x' } }), withThrowingGetter('api')),
  notAnObject.map((api) => hostile(`{ api: ${api.label} }`, { api: api.value })),
  notAnObject.filter((h) => typeof h.value !== 'function').map((now) => hostile(`{ org, transport, now: ${now.label} }`, { org: ORG, transport: emulatorTransport, now: now.value })),
  badInitialState.map((initialState) => hostile(`{ org, transport, initialState: ${initialState.label} }`, { org: ORG, transport: emulatorTransport, initialState: initialState.value })),
);

const badBaseURL = fc.oneof(
  scalar.filter((h) => typeof h.value !== 'string'),
  strangeObject,
  fc.constantFrom(
    ...['', 'api.turso.tech', '/relative', '//host', 'ftp://host', 'javascript:alert(1)', 'file:///etc/passwd', 'data:,x',
      'http://user:pw@host', 'http://host/?q', 'http://host/#f', 'http://host?', 'http://ho\ud800st', 'http:// host', 'http://[::1']
      .map((text) => hostile(labelOf(text), text)),
    hostile('10 MB of "a"', TEN_MB),
    hostile('http:// + 10 MB', `http://h/${TEN_MB}`),
  ),
);
const badDelay = fc.constantFrom(
  hostile('-1', -1),
  hostile('-0.5', -0.5),
  hostile('NaN', Number.NaN),
  hostile('Infinity', Number.POSITIVE_INFINITY),
  hostile('2 ** 31', 2 ** 31),
  hostile("'5'", '5'),
  hostile('1n', 1n),
  hostile('null', null),
  hostile('{}', {}),
  hostile('[]', []),
  hostile('true', true),
);
const badRetry = fc.oneof(badDelay, fc.constantFrom(hostile('1.5', 1.5), hostile('101', 101), hostile('1e9', 1e9)));
const badTransportOptions = fc.oneof(
  notAnObject,
  fc.constantFrom(withThrowingGetter('baseURL'), withThrowingGetter('token'), withThrowingGetter('timeout')),
  badBaseURL.map((baseURL) => objectOf({ baseURL })),
  badDelay.map((timeout) => objectOf({ timeout })),
  badRetry.map((retry) => objectOf({ retry })),
  badDelay.map((retryDelay) => objectOf({ retryDelay })),
  badDelay.map((maxRetryAfter) => objectOf({ maxRetryAfter })),
  notAnObject.filter((h) => typeof h.value !== 'string' && typeof h.value !== 'function').map((token) => objectOf({ token })),
  notAnObject.filter((h) => typeof h.value !== 'function').map((fetch) => objectOf({ fetch })),
);

const badRequest = fc.oneof(
  notAnObject,
  fc.constantFrom(withThrowingGetter('path', { method: 'GET' }), withThrowingGetter('method', { path: '/v1/locations' })),
  notAnObject.filter((h) => !['GET', 'POST', 'DELETE'].includes(h.value as string)).map((method) => hostile(`{ method: ${method.label}, path }`, { method: method.value, path: '/v1/locations' })),
  fc.oneof(scalar.filter((h) => typeof h.value !== 'string'), strangeObject, strangeArray, fc.constantFrom(...['', '..', '/v1/../x', '/v1/%2e%2E/x', '/v1/./x', '/..', 'v1/locations', '//evil.test/x', '/\\evil.test', '/v1?x=1', '/v1#x', '/a\ud800'].map((p) => hostile(labelOf(p), p))))
    .map((path) => hostile(`{ method: 'GET', path: ${path.label} }`, { method: 'GET', path: path.value })),
  // A get-trap proxy over `{}` lists no key, so it is read as the empty query it behaves as.
  notAnObject.filter((h) => h.value !== throwingProxy).map((query) => hostile(`{ GET, query: ${query.label} }`, { method: 'GET', path: '/v1/locations', query: query.value })),
  fc.constantFrom(hostile('{ n: 1n }', { n: 1n }), hostile('cyclic', cyclic), hostile('[]', []))
    .map((body) => hostile(`{ POST, body: ${body.label} }`, { method: 'POST', path: '/v1/locations', body: body.value })),
  badSignal.map((signal) => hostile(`{ GET, signal: ${signal.label} }`, { method: 'GET', path: '/v1/locations', signal: signal.value })),
);

// ── outcomes ──────────────────────────────────────────────────────────────

/** What a failure was, in plain data: the assertion compares it whole. */
interface Failure {
  readonly kind: string;
  readonly code?: unknown;
  /** A 10 MB input must not make a 10 MB message. */
  readonly shortMessage?: boolean;
}

function failureOf(error: unknown): Failure {
  if (isGroupsError(error)) return { kind: 'GroupsError', code: error.code, shortMessage: error.message.length <= 1_200 };
  return { kind: error instanceof Error ? error.name : typeof error };
}

interface Outcome {
  readonly threw: Failure | 'nothing';
  readonly settled: 'resolved' | Failure | 'not a promise' | 'not called';
}

/** Calls a promise-returning method and records how it failed, without asserting anything yet. */
async function outcomeOf(call: () => unknown): Promise<Outcome> {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    return { threw: failureOf(error), settled: 'not called' };
  }
  if (!(result instanceof Promise)) return { threw: 'nothing', settled: 'not a promise' };
  try {
    await result;
    return { threw: 'nothing', settled: 'resolved' };
  } catch (error) {
    return { threw: 'nothing', settled: failureOf(error) };
  }
}

function constructorOutcome(build: () => unknown): Failure | 'built' {
  try {
    build();
    return 'built';
  } catch (error) {
    return failureOf(error);
  }
}

const VALIDATION: Failure = { kind: 'GroupsError', code: 'validation', shortMessage: true };
const REJECTED: Outcome = { threw: 'nothing', settled: VALIDATION };

/** A call with a printable description. */
interface Command<T> {
  readonly label: string;
  readonly run: (target: T) => unknown;
}

function command<T>(label: string, run: (target: T) => unknown): Command<T> & { [fc.toStringMethod]: () => string } {
  return { label, run, [fc.toStringMethod]: () => label };
}

const apiCommand: fc.Arbitrary<Command<GroupsApi>> = fc.oneof(
  badCallOptions.map((c) => command(`list(${c.label})`, (api: GroupsApi) => api.list(c.value as never))),
  badCallOptions.map((c) => command(`listLocations(${c.label})`, (api: GroupsApi) => api.listLocations(c.value as never))),
  badNewGroup.map((g) => command(`create(${g.label})`, (api: GroupsApi) => api.create(g.value as never))),
  badCallOptions.map((c) => command(`create(ok, ${c.label})`, (api: GroupsApi) => api.create({ name: 'fresh', location: 'lhr' }, c.value as never))),
  badName.map((n) => command(`retrieve(${n.label})`, (api: GroupsApi) => api.retrieve(n.value as never))),
  badCallOptions.map((c) => command(`retrieve('ok', ${c.label})`, (api: GroupsApi) => api.retrieve('ok', c.value as never))),
  badName.map((n) => command(`delete(${n.label})`, (api: GroupsApi) => api.delete(n.value as never))),
  badCallOptions.map((c) => command(`delete('ok', ${c.label})`, (api: GroupsApi) => api.delete('ok', c.value as never))),
  badName.map((n) => command(`addLocation(${n.label}, 'fra')`, (api: GroupsApi) => api.addLocation(n.value as never, 'fra'))),
  badLocation.map((l) => command(`addLocation('ok', ${l.label})`, (api: GroupsApi) => api.addLocation('ok', l.value as never))),
  badCallOptions.map((c) => command(`addLocation('ok', 'fra', ${c.label})`, (api: GroupsApi) => api.addLocation('ok', 'fra', c.value as never))),
  badName.map((n) => command(`removeLocation(${n.label}, 'ams')`, (api: GroupsApi) => api.removeLocation(n.value as never, 'ams'))),
  badLocation.map((l) => command(`removeLocation('ok', ${l.label})`, (api: GroupsApi) => api.removeLocation('ok', l.value as never))),
  badCallOptions.map((c) => command(`removeLocation('ok', 'ams', ${c.label})`, (api: GroupsApi) => api.removeLocation('ok', 'ams', c.value as never))),
  badName.map((n) => command(`mintToken(${n.label})`, (api: GroupsApi) => api.mintToken(n.value as never))),
  badTokenOptions.map((t) => command(`mintToken('ok', ${t.label})`, (api: GroupsApi) => api.mintToken('ok', t.value as never))),
  badCallOptions.map((c) => command(`mintToken('ok', {}, ${c.label})`, (api: GroupsApi) => api.mintToken('ok', {}, c.value as never))),
  badName.map((n) => command(`invalidateTokens(${n.label})`, (api: GroupsApi) => api.invalidateTokens(n.value as never))),
  badCallOptions.map((c) => command(`invalidateTokens('ok', ${c.label})`, (api: GroupsApi) => api.invalidateTokens('ok', c.value as never))),
  badName.map((n) => command(`getConfiguration(${n.label})`, (api: GroupsApi) => api.getConfiguration(n.value as never))),
  badName.map((n) => command(`updateConfiguration(${n.label}, ok)`, (api: GroupsApi) => api.updateConfiguration(n.value as never, { delete_protection: true }))),
  badConfiguration.map((c) => command(`updateConfiguration('ok', ${c.label})`, (api: GroupsApi) => api.updateConfiguration('ok', c.value as never))),
  badName.map((n) => command(`unarchive(${n.label})`, (api: GroupsApi) => api.unarchive(n.value as never))),
  badName.map((n) => command(`transfer(${n.label}, 'staging')`, (api: GroupsApi) => api.transfer(n.value as never, 'staging'))),
  badOrganization.map((o) => command(`transfer('ok', ${o.label})`, (api: GroupsApi) => api.transfer('ok', o.value as never))),
  badCallOptions.map((c) => command(`transfer('ok', 'staging', ${c.label})`, (api: GroupsApi) => api.transfer('ok', 'staging', c.value as never))),
);

const storeCommand: fc.Arbitrary<Command<GroupsStore>> = fc.oneof(
  badNewGroup.map((g) => command(`create(${g.label})`, (store: GroupsStore) => store.create(g.value as never))),
  badName.map((n) => command(`delete(${n.label})`, (store: GroupsStore) => store.delete(n.value as never))),
  badName.map((n) => command(`retrieve(${n.label})`, (store: GroupsStore) => store.retrieve(n.value as never))),
  badCallOptions.map((c) => command(`retrieve('ok', ${c.label})`, (store: GroupsStore) => store.retrieve('ok', c.value as never))),
  badName.map((n) => command(`addLocation(${n.label}, 'fra')`, (store: GroupsStore) => store.addLocation(n.value as never, 'fra'))),
  badLocation.map((l) => command(`addLocation('ok', ${l.label})`, (store: GroupsStore) => store.addLocation('ok', l.value as never))),
  badName.map((n) => command(`removeLocation(${n.label}, 'ams')`, (store: GroupsStore) => store.removeLocation(n.value as never, 'ams'))),
  badLocation.map((l) => command(`removeLocation('ok', ${l.label})`, (store: GroupsStore) => store.removeLocation('ok', l.value as never))),
  badName.map((n) => command(`mintToken(${n.label})`, (store: GroupsStore) => store.mintToken(n.value as never))),
  badTokenOptions.map((t) => command(`mintToken('ok', ${t.label})`, (store: GroupsStore) => store.mintToken('ok', t.value as never))),
  badName.map((n) => command(`invalidateTokens(${n.label})`, (store: GroupsStore) => store.invalidateTokens(n.value as never))),
  badName.map((n) => command(`setDeleteProtection(${n.label}, true)`, (store: GroupsStore) => store.setDeleteProtection(n.value as never, true))),
  badBoolean.map((b) => command(`setDeleteProtection('ok', ${b.label})`, (store: GroupsStore) => store.setDeleteProtection('ok', b.value as never))),
  badName.map((n) => command(`unarchive(${n.label})`, (store: GroupsStore) => store.unarchive(n.value as never))),
  badName.map((n) => command(`transfer(${n.label}, 'staging')`, (store: GroupsStore) => store.transfer(n.value as never, 'staging'))),
  badOrganization.map((o) => command(`transfer('ok', ${o.label})`, (store: GroupsStore) => store.transfer('ok', o.value as never))),
  badLoadOptions.map((o) => command(`load(${o.label})`, (store: GroupsStore) => store.load(o.value as never))),
);

// ── properties ────────────────────────────────────────────────────────────

describe('hostile input is refused before the wire', () => {
  it('every GroupsApi method rejects it as validation and sends nothing', async () => {
    await fc.assert(
      fc.asyncProperty(apiCommand, async (call) => {
        const wire = countingWire();
        const seen = emulator.requests.length;
        const api = createGroupsApi({ org: ORG, transport: wire.transport });
        const outcome = await outcomeOf(() => call.run(api));
        expect({ outcome, sent: wire.sent.length, reachedEmulator: emulator.requests.length - seen }).toEqual({ outcome: REJECTED, sent: 0, reachedEmulator: 0 });
      }),
      { numRuns: 3_000 },
    );
  });

  it('every GroupsStore command rejects it as validation, sends nothing and keeps the very same snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(storeCommand, async (call) => {
        const wire = countingWire();
        const seen = emulator.requests.length;
        // Hydrated, so the state holds a group and no request is needed to get there.
        const store = createGroupsStore({ org: ORG, transport: wire.transport, initialState: { groups: [SEED_GROUP], updatedAt: 0 } });
        const before = store.getSnapshot();
        const outcome = await outcomeOf(() => call.run(store));
        const result = { outcome, sent: wire.sent.length, reachedEmulator: emulator.requests.length - seen, sameSnapshot: store.getSnapshot() === before };
        store.dispose();
        expect(result).toEqual({ outcome: REJECTED, sent: 0, reachedEmulator: 0, sameSnapshot: true });
      }),
      { numRuns: 3_000 },
    );
  });

  it('createGroupsApi throws a validation error for unusable options', () => {
    fc.assert(
      fc.property(badApiOptions, (options) => {
        expect(constructorOutcome(() => createGroupsApi(options.value as never))).toEqual(VALIDATION);
      }),
      { numRuns: 500 },
    );
  });

  it('createGroupsStore throws a validation error for unusable options', () => {
    fc.assert(
      fc.property(badStoreOptions, (options) => {
        expect(constructorOutcome(() => createGroupsStore(options.value as never))).toEqual(VALIDATION);
      }),
      { numRuns: 500 },
    );
  });

  it('createFetchTransport throws a validation error for unusable options', () => {
    fc.assert(
      fc.property(badTransportOptions, (options) => {
        expect(constructorOutcome(() => createFetchTransport(options.value as never))).toEqual(VALIDATION);
      }),
      { numRuns: 500 },
    );
  });

  it('the fetch transport rejects an unusable request as validation and fetches nothing', async () => {
    await fc.assert(
      fc.asyncProperty(badRequest, async (request) => {
        let fetched = 0;
        const transport = createFetchTransport({ token: TOKEN, baseURL: BASE_URL, retryDelay: 0, fetch: (input, init) => { fetched += 1; return emulator.fetch(input, init); } });
        const outcome = await outcomeOf(() => transport(request.value as never));
        expect({ outcome, fetched }).toEqual({ outcome: REJECTED, fetched: 0 });
      }),
      { numRuns: 500 },
    );
  });

  it('an organization is refused, or sent as exactly one encoded path segment', async () => {
    const org = fc.oneof(generatedString, fc.constantFrom(...SCALAR_CONSTANTS), illFormed);
    await fc.assert(
      fc.asyncProperty(org, async ({ value }) => {
        const sent: TransportRequest[] = [];
        const transport: Transport = async (request) => {
          sent.push(request);
          return { groups: [] };
        };
        let api: GroupsApi | undefined;
        const built = constructorOutcome(() => {
          api = createGroupsApi({ org: value as never, transport });
        });
        if (built !== 'built' || api === undefined) {
          expect({ built, sent: sent.length }).toEqual({ built: VALIDATION, sent: 0 });
          return;
        }
        await api.list();
        const text = value as string;
        const segment = sent[0]?.path.split('/')[3];
        expect({ org: api.org, path: sent[0]?.path, decoded: segment === undefined ? undefined : decodeURIComponent(segment), dotted: ['', '.', '..'].includes(text) })
          .toEqual({ org: text, path: `/v1/organizations/${encodeURIComponent(text)}/groups`, decoded: text, dotted: false });
      }),
      { numRuns: 500 },
    );
  });
});

describe('a disposed store', () => {
  it('rejects retrieve(1n) without throwing synchronously', async () => {
    const wire = countingWire();
    const store = createGroupsStore({ org: ORG, transport: wire.transport });
    store.dispose();
    const outcomes = [
      await outcomeOf(() => store.retrieve(1n as never)),
      await outcomeOf(() => store.load(null as never)),
      await outcomeOf(() => store.create(throwingProxy as never)),
    ];
    const settled = outcomes.map((outcome) => ({
      threw: outcome.threw,
      refused: typeof outcome.settled === 'object' && outcome.settled.kind === 'GroupsError' && ['aborted', 'validation'].includes(outcome.settled.code as string),
    }));
    expect({ settled, sent: wire.sent.length }).toEqual({ settled: Array(3).fill({ threw: 'nothing', refused: true }), sent: 0 });
  });
});
