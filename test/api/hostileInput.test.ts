import { describe, expect, it } from 'vitest';
import { createGroupsApi, GroupsError, isGroupsError, type GroupsApi } from '../../src/index.js';
import { pathSegment } from '../../src/api/pathSegment.js';
import { quote } from '../../src/input/quote.js';
import { readSignal } from '../../src/api/validate.js';
import { isWellFormed } from '../../src/input/wellFormed.js';
import { rejectionOf } from '../support/emulatorHarness.js';
import { recordingTransport } from '../support/recordingTransport.js';

// Repros from a fuzzer of hostile inputs. Every one must end in a
// `validation` GroupsError, send nothing, and never throw synchronously from
// a method that returns a promise.

const TEN_MB = 'a'.repeat(10 * 1024 * 1024);
const boom = new Error('boom');
const throwing = (): never => {
  throw boom;
};
const throwingProxy = new Proxy({}, { get: throwing });

/** An array of `length` with only `entries` set: the rest are holes. */
function holey(length: number, entries: Record<number, unknown>): unknown[] {
  const array: unknown[] = [];
  array.length = length;
  for (const [index, value] of Object.entries(entries)) array[Number(index)] = value;
  return array;
}

function apiWith(answer: unknown = {}) {
  const transport = recordingTransport(answer);
  return { api: createGroupsApi({ org: 'acme', transport }), transport };
}

/** How a call ended, as data: whether it threw at once, and the error's kind and code. */
async function settle(call: () => Promise<unknown>): Promise<{ sync: boolean; name: string; code: unknown; cause?: unknown }> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    return { sync: true, name: (error as Error).name, code: (error as { code?: unknown }).code };
  }
  const error = await rejectionOf(promise);
  return { sync: false, name: (error as Error).name, code: (error as { code?: unknown }).code, cause: (error as Error).cause };
}

function thrownBy(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('sparse arrays never pass for lists', () => {
  it('extensions and permitted databases with holes are refused, and nothing is sent', async () => {
    const { api, transport } = apiWith();
    const outcomes = await Promise.all([
      settle(() => api.create({ name: 'x', location: 'lhr', extensions: holey(2, { 1: 'vector' }) as never })),
      settle(() => api.create({ name: 'x', location: 'lhr', extensions: holey(1, {}) as never })),
      settle(() => api.mintToken('x', { permissions: { read_attach: { databases: holey(2, { 1: 'db' }) as never } } })),
      settle(() => api.mintToken('x', { permissions: { read_attach: { databases: holey(3, { 0: 'a', 2: 'b' }) as never } } })),
    ]);
    expect(outcomes.map(({ sync, name, code }) => ({ sync, name, code }))).toEqual(Array(4).fill({ sync: false, name: 'GroupsError', code: 'validation' }));
    expect(transport.calls).toEqual([]);
  });

  it('a dense list is sent as a copy of what was checked', async () => {
    const extensions = ['vector', 'crypto'] as const;
    const databases = ['db1', 'db2'];
    const { api, transport } = apiWith({ group: { name: 'x', locations: ['lhr'], primary: 'lhr' } });
    await api.create({ name: 'x', location: 'lhr', extensions });
    await rejectionOf(api.mintToken('x', { permissions: { read_attach: { databases } } }));
    const [created, minted] = transport.calls.map((call) => call.body) as [
      { extensions: unknown } | undefined,
      { permissions: { read_attach: { databases: unknown } } } | undefined,
    ];
    expect({ created, minted }).toEqual({
      created: { name: 'x', location: 'lhr', extensions: ['vector', 'crypto'] },
      minted: { permissions: { read_attach: { databases: ['db1', 'db2'] } } },
    });
    expect([created?.extensions === extensions, minted?.permissions.read_attach.databases === databases]).toEqual([false, false]);
  });
});

describe('building a GroupsError never throws', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;

  it.each([
    ['a BigInt', 1n],
    ['a cyclic object', cyclic],
    ['a Symbol', Symbol('g')],
    ['a throwing proxy', throwingProxy],
    ['a function', () => 'g'],
    ['a number', 42],
  ])('with %s as the group: the group is dropped', (_, group) => {
    const error = new GroupsError({ code: 'validation', operation: 'retrieve', group: group as never, detail: 'bad' });
    expect({ group: error.group, message: error.message }).toEqual({ group: undefined, message: 'retrieve group: bad' });
  });

  it('a 10 MB group or detail makes a short message; the fields keep all of it', () => {
    const byGroup = new GroupsError({ code: 'not_found', operation: 'retrieve', group: TEN_MB });
    const byDetail = new GroupsError({ code: 'server', operation: 'list', status: 500, detail: TEN_MB });
    expect({
      groupKept: byGroup.group === TEN_MB,
      groupMessage: byGroup.message,
      detailKept: byDetail.detail === TEN_MB,
      detailMessageLength: byDetail.message.length,
    }).toEqual({
      groupKept: true,
      groupMessage: `retrieve group "${'a'.repeat(64)}…": not found`,
      detailKept: true,
      detailMessageLength: 'list groups: 500 '.length + 1_000 + 1,
    });
  });

  it('an init that cannot be read, or fields of the wrong type, still make an error', () => {
    const unreadable = new GroupsError(throwingProxy as never);
    const nothing = new GroupsError(null as never);
    const wrongTypes = new GroupsError({ code: 'nope', operation: 'nope', status: Symbol('s'), detail: 1n, retryAfterMs: '5' } as never);
    expect([unreadable, nothing, wrongTypes].map((e) => [e.code, e.operation, e.status, e.detail, e.retryAfterMs, e.message])).toEqual(
      Array(3).fill(['validation', 'request', undefined, undefined, undefined, 'request: validation']),
    );
  });
});

describe('quote, for messages', () => {
  it('names a non-string by its kind, and cuts a long string without splitting a surrogate pair', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const pairAtTheCut = `${'a'.repeat(63)}😀tail`;
    expect([quote(1n), quote(cyclic), quote(null), quote(undefined), quote(Symbol('s')), quote(throwingProxy), quote('ok'), quote(TEN_MB).length, quote(pairAtTheCut)])
      .toEqual(['bigint', 'object', 'null', 'undefined', 'symbol', 'object', '"ok"', 64 + 3, `"${'a'.repeat(63)}…"`]);
  });
});

describe('path segments', () => {
  it('a lone surrogate is refused as validation, not a URIError', () => {
    expect(['a\ud800b', '\udc00', 'a\udc00\ud800'].map((text) => isWellFormed(text))).toEqual([false, false, false]);
    expect(['', 'ok', 'é', '😀', '\ud83d\ude00x'].map((text) => isWellFormed(text))).toEqual([true, true, true, true, true]);
    const error = thrownBy(() => pathSegment('request', 'organization', 'a\ud800b'));
    expect({ groupsError: isGroupsError(error), code: (error as GroupsError).code }).toEqual({ groupsError: true, code: 'validation' });
  });

  it('encodes what it accepts, and refuses a 10 MB value with a short message', () => {
    const error = thrownBy(() => pathSegment('request', 'organization', TEN_MB)) as GroupsError;
    expect([pathSegment('request', 'organization', '%2F'), pathSegment('request', 'organization', 'a/b'), error.code, error.message.length < 300])
      .toEqual(['%252F', 'a%2Fb', 'validation', true]);
  });
});

describe('createGroupsApi refuses options it cannot use', () => {
  const transport = recordingTransport();

  it.each([
    ['a BigInt org', { org: 1n, transport }],
    ['an org with a lone surrogate', { org: 'a\ud800b', transport }],
    ['a 10 MB org', { org: TEN_MB, transport }],
    ['an empty org', { org: '', transport }],
    ['a numeric org', { org: 42, transport }],
    ['no org', { transport }],
    ['an object as transport', { org: 'acme', transport: {} }],
    ['no options', null],
    ['a string as options', 'acme'],
  ])('%s is a validation GroupsError', (_, options) => {
    const error = thrownBy(() => createGroupsApi(options as never));
    expect({ groupsError: isGroupsError(error), code: (error as GroupsError).code }).toEqual({ groupsError: true, code: 'validation' });
  });

  it('options whose reading throws: the thrown error is the cause', () => {
    const error = thrownBy(() => createGroupsApi(throwingProxy as never)) as GroupsError;
    expect({ code: error.code, cause: error.cause }).toEqual({ code: 'validation', cause: boom });
  });

  it('a unicode org is accepted and sent encoded', async () => {
    const recording = recordingTransport({ groups: [] });
    await createGroupsApi({ org: 'é', transport: recording }).list();
    expect(recording.calls.map((call) => call.path)).toEqual(['/v1/organizations/%C3%A9/groups']);
  });
});

describe('throwing proxies and getters', () => {
  const getterName = Object.defineProperty({ location: 'lhr' }, 'name', { enumerable: true, get: throwing });

  const cases: Array<[string, (api: GroupsApi) => Promise<unknown>]> = [
    ['a proxy as the new group', (api) => api.create(throwingProxy as never)],
    ['a throwing getter on the new group', (api) => api.create(getterName as never)],
    ['a proxy as token options', (api) => api.mintToken('ok', throwingProxy as never)],
    ['a proxy as permissions', (api) => api.mintToken('ok', { permissions: throwingProxy as never })],
    ['a proxy as call options of list', (api) => api.list(throwingProxy as never)],
    ['a proxy as call options of retrieve', (api) => api.retrieve('ok', throwingProxy as never)],
    ['a proxy as call options of mintToken', (api) => api.mintToken('ok', {}, throwingProxy as never)],
  ];

  it.each(cases)('%s: a validation error caused by what it threw, nothing sent', async (_, call) => {
    const { api, transport } = apiWith();
    expect({ outcome: await settle(() => call(api)), sent: transport.calls.length }).toEqual({
      outcome: { sync: false, name: 'GroupsError', code: 'validation', cause: boom },
      sent: 0,
    });
  });

  it('reads each field once: a getter cannot pass the check with one value and send another', async () => {
    const answers = ['ok', '../../admin'];
    const shifty = Object.defineProperty({ location: 'lhr' }, 'name', { enumerable: true, get: () => answers.shift() });
    const { api, transport } = apiWith({ group: { name: 'ok', locations: ['lhr'], primary: 'lhr' } });
    await api.create(shifty as never);
    expect(transport.calls.map((call) => call.body)).toEqual([{ name: 'ok', location: 'lhr' }]);
  });
});

describe('retrieve(1n)', () => {
  it('is a validation error that names the kind of value, not a TypeError', async () => {
    const { api, transport } = apiWith();
    const error = await rejectionOf(api.retrieve(1n as never));
    expect({ code: (error as GroupsError).code, message: (error as Error).message, sent: transport.calls.length }).toEqual({
      code: 'validation',
      message: expect.stringContaining('invalid group name bigint') as unknown,
      sent: 0,
    });
  });
});

describe('readSignal', () => {
  const signal = new AbortController().signal;
  // Another realm's signal (happy-dom, a worker): only its shape is known.
  const foreignSignal = { aborted: false, addEventListener: () => undefined, removeEventListener: () => undefined };
  const outcome = (options: unknown): string => {
    try {
      readSignal('retrieve', 'ok', options);
      return 'accepted';
    } catch (error) {
      return isGroupsError(error) ? error.code : 'threw something else';
    }
  };

  it('accepts no options, a plain object, and a signal of any realm', () => {
    expect([undefined, {}, Object.create(null), { signal: undefined }, { signal }, { signal: foreignSignal }].map(outcome)).toEqual(Array(6).fill('accepted'));
  });

  it('refuses anything else as validation', () => {
    const getter = Object.defineProperty({}, 'signal', { enumerable: true, get: throwing });
    const refused = [null, 1n, 'x', 0, [], () => undefined, new Date(), throwingProxy, getter,
      { signal: {} }, { signal: null }, { signal: 'x' }, { signal: { aborted: 'no', addEventListener() {}, removeEventListener() {} } }, { signal: new AbortController() }];
    expect(refused.map(outcome)).toEqual(Array(refused.length).fill('validation'));
  });

  it('keeps the operation and group, and the cause of a throwing getter', () => {
    const error = thrownBy(() => readSignal('retrieve', 'ok', throwingProxy)) as GroupsError;
    expect({ operation: error.operation, group: error.group, cause: error.cause }).toEqual({ operation: 'retrieve', group: 'ok', cause: boom });
  });
});
