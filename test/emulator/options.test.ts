// createPlatformEmulator's options and setFaults' plans: read once, checked,
// copied. Anything unusable is a `validation` GroupsError that names the
// field and says what is expected; everything usable works as before.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isGroupsError, type GroupsError } from '../../src/errors.js';
import { MAX_DELAY_MS } from '../../src/input/maxDelay.js';
import { createPlatformEmulator, type EmulatorOperation, type FaultPlan, type PlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';

const ORG = 'acme';
const TOKEN = 'emulator-token-3b9d';
const VALID = { org: ORG, token: TOKEN, groups: [{ name: 'default', locations: ['lhr'] }] };

afterEach(() => {
  vi.useRealTimers();
});

/** The error `run` throws, which must be a validation GroupsError. */
function validationError(run: () => unknown): GroupsError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  if (!isGroupsError(thrown)) throw new Error(`expected a GroupsError, got ${String(thrown)}`);
  expect(thrown.code).toBe('validation');
  return thrown;
}

function create(options: unknown): PlatformEmulator {
  return createPlatformEmulator(options as PlatformEmulatorOptions);
}

function call(emulator: PlatformEmulator, path: string, init: RequestInit = {}): Promise<Response> {
  return emulator.handle(new Request(`http://emulator.invalid${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}` } }));
}

const GROUPS = `/v1/organizations/${ORG}/groups`;

describe('createPlatformEmulator refuses options it cannot use', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['org left out', { org: undefined }, 'invalid org undefined'],
    ['org empty', { org: '' }, 'invalid org ""'],
    ['org ..', { org: '..' }, 'invalid org ".."'],
    ['org a number', { org: 7 }, 'invalid org number'],
    ['org with a lone surrogate', { org: 'a\ud800' }, 'invalid org'],
    ['org too long', { org: 'o'.repeat(257) }, 'invalid org'],
    ['token left out', { token: undefined }, 'invalid token undefined: expected a string'],
    ['token a number', { token: 42 }, 'invalid token number'],
    ['locations null', { locations: null }, 'invalid locations null: expected an object'],
    ['locations an array', { locations: ['lhr'] }, 'invalid locations object'],
    ['a location key of no Turso shape', { locations: { 'Not A Key': 'x' } }, 'invalid locations key "Not A Key"'],
    ['a location key __proto__', { locations: JSON.parse('{"__proto__": "x"}') }, 'invalid locations key "__proto__"'],
    ['a location description not a string', { locations: { lhr: 5 } }, 'invalid locations.lhr number: expected a description string'],
    ['groups not an array', { groups: { name: 'a' } }, 'invalid groups object: expected an array'],
    ['a group null', { groups: [null] }, 'invalid groups[0] null'],
    ['a group name invalid', { groups: [{ name: 'Bad', locations: ['lhr'] }] }, 'invalid groups[0].name "Bad": expected 1-64 lowercase'],
    ['a group without locations', { groups: [{ name: 'a', locations: [] }] }, 'invalid groups[0].locations object: expected a non-empty array'],
    ['a group locations a string', { groups: [{ name: 'a', locations: 'lhr' }] }, 'invalid groups[0].locations "lhr"'],
    ['a group with an unknown location', { groups: [{ name: 'a', locations: ['lhr', 'mars'] }] }, 'invalid groups[0].locations[1] "mars": an unknown location'],
    ['a group with a location twice', { groups: [{ name: 'a', locations: ['lhr', 'lhr'] }] }, 'invalid groups[0].locations[1] "lhr": a location listed twice'],
    ['a primary not among its locations', { groups: [{ name: 'a', locations: ['lhr'], primary: 'ams' }] }, 'invalid groups[0].primary "ams"'],
    ['a uuid not a string', { groups: [{ name: 'a', locations: ['lhr'], uuid: 5 }] }, 'invalid groups[0].uuid number'],
    ['a field that is not JSON', { groups: [{ name: 'a', locations: ['lhr'], size: 10n }] }, 'invalid groups[0].size bigint: expected JSON data'],
    ['an archived flag not a boolean', { groups: [{ name: 'a', locations: ['lhr'], archived: 'yes' }] }, 'invalid groups[0].archived "yes": expected true or false'],
    ['a delete_protection not a boolean', { groups: [{ name: 'a', locations: ['lhr'], delete_protection: 1 }] }, 'invalid groups[0].delete_protection number: expected true or false'],
    ['otherOrgs not an array', { otherOrgs: 'staging' }, 'invalid otherOrgs "staging": expected an array of organization slugs'],
    ['otherOrgs holding ..', { otherOrgs: ['staging', '..'] }, 'invalid otherOrgs[1] ".."'],
    ['otherOrgs holding a number', { otherOrgs: [7] }, 'invalid otherOrgs[0] number'],
    ['otherOrgs naming org', { otherOrgs: [ORG] }, `invalid otherOrgs[0] "${ORG}": an organization named twice`],
    ['otherOrgs naming one twice', { otherOrgs: ['staging', 'staging'] }, 'invalid otherOrgs[1] "staging": an organization named twice'],
    ['two groups of one name', { groups: [{ name: 'a', locations: ['lhr'] }, { name: 'a', locations: ['ams'] }] }, 'invalid groups[1].name "a": a name used twice'],
    ['seed NaN', { seed: Number.NaN }, 'invalid seed number: expected a whole number'],
    ['seed a fraction', { seed: 1.5 }, 'invalid seed number'],
    ['seed a string', { seed: '1' }, 'invalid seed "1"'],
    ['seed Infinity', { seed: Number.POSITIVE_INFINITY }, 'invalid seed number'],
    ['now not a function', { now: 1_700_000_000_000 }, 'invalid now number: expected a function'],
    ['maxBodyBytes negative', { maxBodyBytes: -1 }, 'invalid maxBodyBytes number: expected a whole number of bytes'],
    ['maxBodyBytes NaN', { maxBodyBytes: Number.NaN }, 'invalid maxBodyBytes number'],
    ['maxBodyBytes a fraction', { maxBodyBytes: 1.5 }, 'invalid maxBodyBytes number'],
    ['maxBodyBytes a string', { maxBodyBytes: '1024' }, 'invalid maxBodyBytes "1024"'],
    ['faults null', { faults: null }, 'invalid faults null: expected a fault plan'],
    ['faults an array', { faults: [] }, 'invalid faults object: expected a fault plan'],
  ];

  it.each(cases)('%s', (_, fields, message) => {
    expect(validationError(() => create({ ...VALID, ...fields })).message).toContain(message);
  });

  it('refuses a token it could never match, without quoting it', () => {
    for (const token of ['', 'has space', 'line\nbreak', ' padded', 'tökén']) {
      const { message } = validationError(() => create({ ...VALID, token }));
      expect(message).toContain('invalid token: expected visible ASCII characters without spaces');
      if (token !== '') expect(message).not.toContain(token);
    }
  });

  it('refuses what is not an options object', () => {
    for (const options of [undefined, null, 'acme', [VALID]]) {
      expect(validationError(() => create(options)).message).toContain('invalid emulator options');
    }
  });

  it('turns a getter that throws into a validation error that keeps the cause', () => {
    const failure = new Error('getter failed');
    const options = { ...VALID, get seed(): number { throw failure; } };
    const error = validationError(() => create(options));
    expect(error.message).toContain('the emulator options could not be read');
    expect(error.cause).toBe(failure);
  });
});

/** Bad plans, each with the field its error must name (after `faults.` or `plan.`). */
const BAD_PLANS: Array<[string, unknown, string]> = [
  ['latency not an object', { latency: 100 }, 'latency number: expected { fixedMs, jitterMs, perOperation }'],
  ['fixedMs NaN', { latency: { fixedMs: Number.NaN } }, 'latency.fixedMs number: expected a whole number of milliseconds from 0 to 2147483647'],
  ['fixedMs negative', { latency: { fixedMs: -1 } }, 'latency.fixedMs number'],
  ['fixedMs over 2^31-1', { latency: { fixedMs: MAX_DELAY_MS + 1 } }, 'latency.fixedMs number'],
  ['fixedMs a fraction', { latency: { fixedMs: 1.5 } }, 'latency.fixedMs number'],
  ['fixedMs a string', { latency: { fixedMs: '100' } }, 'latency.fixedMs "100"'],
  ['jitterMs NaN', { latency: { jitterMs: Number.NaN } }, 'latency.jitterMs number'],
  ['jitterMs Infinity', { latency: { jitterMs: Number.POSITIVE_INFINITY } }, 'latency.jitterMs number'],
  ['perOperation not an object', { latency: { perOperation: 5 } }, 'latency.perOperation number: expected milliseconds by operation name'],
  ['perOperation an unknown operation', { latency: { perOperation: { lists: 5 } } }, 'latency.perOperation key "lists": expected an operation (list, create'],
  ['perOperation negative', { latency: { perOperation: { create: -5 } } }, 'latency.perOperation.create number'],
  ['a sum over 2^31-1', { latency: { fixedMs: MAX_DELAY_MS - 10, jitterMs: 5, perOperation: { list: 6 } } }, 'latency: fixedMs + jitterMs + perOperation.list is 2147483648 ms: expected at most 2147483647'],
  ['failures not an array', { failures: { kind: 'drop' } }, 'failures object: expected an array of rules'],
  ['a rule null', { failures: [null] }, 'failures[0] null: expected a rule'],
  ['a rule without kind', { failures: [{ status: 503 }] }, "failures[0].kind undefined: expected 'status', 'malformed', 'drop' or 'stall'"],
  ['an unknown kind', { failures: [{ kind: 'timeout' }] }, 'failures[0].kind "timeout"'],
  ['status 1xx', { failures: [{ kind: 'status', status: 100 }] }, 'failures[0].status number: expected a whole HTTP status from 200 to 599 that can carry a body (not 204, 205 or 304)'],
  ['status 204', { failures: [{ kind: 'status', status: 204 }] }, 'failures[0].status number'],
  ['status 205', { failures: [{ kind: 'status', status: 205 }] }, 'failures[0].status number'],
  ['status 304', { failures: [{ kind: 'status', status: 304 }] }, 'failures[0].status number'],
  ['status 600', { failures: [{ kind: 'status', status: 600 }] }, 'failures[0].status number'],
  ['status a fraction', { failures: [{ kind: 'status', status: 503.5 }] }, 'failures[0].status number'],
  ['status NaN', { failures: [{ kind: 'status', status: Number.NaN }] }, 'failures[0].status number'],
  ['status a string', { failures: [{ kind: 'status', status: '503' }] }, 'failures[0].status "503"'],
  ['retryAfter negative', { failures: [{ kind: 'status', retryAfter: -1 }] }, 'failures[0].retryAfter number: expected a whole number of seconds, 0 or more'],
  ['retryAfter a fraction', { failures: [{ kind: 'status', retryAfter: 1.5 }] }, 'failures[0].retryAfter number'],
  ['retryAfter a string', { failures: [{ kind: 'status', retryAfter: '7' }] }, 'failures[0].retryAfter "7"'],
  ['times negative', { failures: [{ kind: 'drop', times: -1 }] }, 'failures[0].times number: expected a whole number, 0 or more'],
  ['times NaN', { failures: [{ kind: 'drop', times: Number.NaN }] }, 'failures[0].times number'],
  ['probability over 1', { failures: [{ kind: 'drop', probability: 1.5 }] }, 'failures[0].probability number: expected a number from 0 to 1'],
  ['probability NaN', { failures: [{ kind: 'drop', probability: Number.NaN }] }, 'failures[0].probability number'],
  ['probability a string', { failures: [{ kind: 'drop', probability: '0.5' }] }, 'failures[0].probability "0.5"'],
  ['an unknown operation', { failures: [{ kind: 'drop', operation: 'lists' }] }, 'failures[0].operation "lists": expected an operation (list, create'],
  ['an empty operation array', { failures: [{ kind: 'drop', operation: [] }] }, 'failures[0].operation object: expected an operation (list, create, retrieve, delete, addLocation, removeLocation, mintToken, invalidateTokens, getConfiguration, updateConfiguration, unarchive, transfer, listLocations) or a non-empty array'],
  ['an unknown operation in an array', { failures: [{ kind: 'drop', operation: ['list', 'nope'] }] }, 'failures[0].operation object'],
  ['an unknown phase', { failures: [{ kind: 'drop', phase: 'during' }] }, "failures[0].phase \"during\": expected 'before' or 'after'"],
  ['a message not a string', { failures: [{ kind: 'status', message: 404 }] }, 'failures[0].message number: expected a string'],
  ['the second rule bad', { failures: [{ kind: 'drop' }, { kind: 'status', status: 99 }] }, 'failures[1].status number'],
];

describe('fault plans that cannot be used are refused', () => {
  it.each(BAD_PLANS)('as the faults option: %s', (_, plan, message) => {
    expect(validationError(() => create({ ...VALID, faults: plan })).message).toContain(`invalid faults.${message}`);
  });

  it.each(BAD_PLANS)('by setFaults, leaving the plan in force: %s', async (_, plan, message) => {
    const emulator = create({ ...VALID, faults: { failures: [{ kind: 'status', status: 500, times: 1 }] } });
    expect(validationError(() => emulator.setFaults(plan as FaultPlan)).message).toContain(`invalid plan.${message}`);
    expect([(await call(emulator, GROUPS)).status, (await call(emulator, GROUPS)).status]).toEqual([500, 200]);
  });

  it('setFaults refuses no plan at all: {} is how to clear it', () => {
    const emulator = create(VALID);
    for (const plan of [undefined, null, 'none', [{ kind: 'drop' }]]) {
      expect(validationError(() => emulator.setFaults(plan as unknown as FaultPlan)).message).toContain('invalid plan');
    }
  });

  it('turns a getter that throws into a validation error that keeps the cause', () => {
    const failure = new Error('getter failed');
    const emulator = create(VALID);
    const error = validationError(() => emulator.setFaults({ failures: [{ kind: 'drop', get times(): number { throw failure; } }] }));
    expect(error.message).toContain('the fault plan plan could not be read');
    expect(error.cause).toBe(failure);
  });
});

describe('valid options and plans work end to end', () => {
  it('latency holds the answer for fixedMs + perOperation, even the longest a timer keeps', async () => {
    vi.useFakeTimers();
    const emulator = create({ ...VALID, faults: { latency: { fixedMs: 100, perOperation: { list: 50 } } } });
    let answered: number | undefined;
    const list = call(emulator, GROUPS).then((response) => (answered = response.status));
    await vi.advanceTimersByTimeAsync(149);
    expect(answered).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await list).toBe(200);

    // 2^31 - 1 ms is accepted, and really waits: it must not fire at once as a longer wait would.
    emulator.setFaults({ latency: { fixedMs: MAX_DELAY_MS } });
    const controller = new AbortController();
    let settled = false;
    const held = emulator.handle(new Request(`http://emulator.invalid${GROUPS}`, { signal: controller.signal, headers: { authorization: `Bearer ${TOKEN}` } }));
    held.then(() => (settled = true), () => (settled = true));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).toBe(false);
    controller.abort();
    await expect(held).rejects.toBeDefined();
    expect(emulator.requests.at(-1)?.outcome).toBe('aborted');
  });

  it('a fault fires as planned: status, Retry-After, message, times, operation', async () => {
    const emulator = create(VALID);
    emulator.setFaults({ failures: [{ kind: 'status', status: 429, retryAfter: 0, message: 'slow down', times: 1, operation: ['list'] }] });
    const limited = await call(emulator, GROUPS);
    expect([limited.status, limited.headers.get('retry-after'), await limited.json()]).toEqual([429, '0', { error: 'slow down' }]);
    expect((await call(emulator, GROUPS)).status).toBe(200);
    expect((await call(emulator, '/v1/locations')).status).toBe(200);
  });

  it('accepts the edges of every range', async () => {
    const emulator = create({ ...VALID, seed: -3, maxBodyBytes: 0, locations: {}, groups: [], now: () => 0 });
    emulator.setFaults({
      latency: { fixedMs: 0, jitterMs: 0, perOperation: { create: MAX_DELAY_MS } },
      failures: [
        { kind: 'status', status: 200, probability: 0 },
        { kind: 'status', status: 599, times: 0 },
        { kind: 'stall', operation: 'create', times: Number.POSITIVE_INFINITY, probability: 1, phase: 'after' },
        { kind: 'status', status: 302, retryAfter: Number.MAX_SAFE_INTEGER, message: '' },
      ],
    });
    const answer = await call(emulator, '/v1/locations');
    expect([answer.status, answer.headers.get('retry-after'), await answer.json()]).toEqual([302, String(Number.MAX_SAFE_INTEGER), { error: '' }]);
  });

  it('a seed group keeps its own fields, copied, and gets its first location as primary, not archived and not protected', async () => {
    const tier = { level: 2 };
    const emulator = create({ ...VALID, groups: [{ name: 'a', locations: ['ams', 'lhr'], tier, note: undefined }] });
    tier.level = 3;
    expect(emulator.snapshot().groups).toEqual([
      { name: 'a', locations: ['ams', 'lhr'], primary: 'ams', uuid: expect.any(String), tier: { level: 2 }, archived: false, delete_protection: false },
    ]);
  });
});

describe('what the caller keeps cannot change what is in force', () => {
  it('a plan changed after setFaults changes nothing', async () => {
    vi.useFakeTimers();
    const emulator = create(VALID);
    const operations: EmulatorOperation[] = ['list'];
    const rule = { kind: 'status' as const, status: 500, times: 1, operation: operations };
    const failures = [rule];
    const plan = { latency: { fixedMs: 100 }, failures };
    emulator.setFaults(plan);
    plan.latency.fixedMs = 0;
    rule.status = 503;
    rule.times = 5;
    operations.push('listLocations');
    failures.push({ kind: 'status', status: 418, times: 1, operation: ['listLocations'] });

    let answered = false;
    const locations = call(emulator, '/v1/locations').then((response) => {
      answered = true;
      return response.status;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await locations).toBe(200);
    const lists = [call(emulator, GROUPS), call(emulator, GROUPS)];
    await vi.advanceTimersByTimeAsync(100);
    expect(await Promise.all(lists.map(async (list) => (await list).status))).toEqual([500, 200]);
  });

  it('a getter in a plan runs once', async () => {
    const emulator = create(VALID);
    let reads = 0;
    emulator.setFaults({
      failures: [{ get kind() { reads++; return reads === 1 ? ('status' as const) : ('drop' as const); }, status: 503 }],
    });
    expect([(await call(emulator, GROUPS)).status, (await call(emulator, GROUPS)).status, reads]).toEqual([503, 503, 1]);
  });

  it('options changed after creation change nothing: org, token, locations, groups, faults', async () => {
    let tokenReads = 0;
    const locations: Record<string, string> = { lhr: 'London' };
    const seedLocations = ['lhr'];
    const faults = { failures: [{ kind: 'status' as const, status: 503, operation: 'retrieve' as const }] };
    const options = { org: ORG, get token() { tokenReads++; return TOKEN; }, locations, groups: [{ name: 'a', locations: seedLocations }], faults };
    const emulator = create(options);
    options.org = 'other';
    locations['ams'] = 'Amsterdam';
    seedLocations.push('ams');
    faults.failures.pop();
    expect(await (await call(emulator, '/v1/locations')).json()).toEqual({ locations: { lhr: 'London' } });
    expect(emulator.snapshot().groups[0]?.locations).toEqual(['lhr']);
    expect((await call(emulator, `${GROUPS}/a`)).status).toBe(503);
    expect((await call(emulator, GROUPS)).status).toBe(200);
    expect(tokenReads).toBe(1);
  });
});
