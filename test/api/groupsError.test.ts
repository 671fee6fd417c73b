import { describe, expect, it } from 'vitest';
import { GroupsError, isGroupsError, type GroupsErrorCode } from '../../src/index.js';
import { WIRES, reachableText, rejectionOf, startHarness } from '../support/emulatorHarness.js';

describe('GroupsError', () => {
  it('reads as operation, group, status and the server message', () => {
    const error = new GroupsError({ code: 'conflict', operation: 'create', group: 'x', status: 409, detail: 'group already exists' });
    expect(error.message).toBe('create group "x": 409 group already exists');
    expect(error.name).toBe('GroupsError');
    expect(error).toBeInstanceOf(Error);
    expect(isGroupsError(error)).toBe(true);
    expect(isGroupsError(new Error('x'))).toBe(false);
    expect(isGroupsError({ code: 'conflict' })).toBe(false);
  });

  it('falls back to the code when there is no message', () => {
    expect(new GroupsError({ code: 'payment_required', operation: 'list', status: 402 }).message).toBe('list groups: 402 payment required');
  });

  it('keeps its cause', () => {
    const cause = new TypeError('fetch failed');
    expect(new GroupsError({ code: 'network', operation: 'retrieve', group: 'a', cause }).cause).toBe(cause);
  });
});

describe.each(WIRES)('every HTTP failure maps to its code (%s)', (wire) => {
  const cases: Array<[number, GroupsErrorCode]> = [
    [400, 'validation'],
    [401, 'unauthorized'],
    [402, 'payment_required'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [429, 'rate_limited'],
    [500, 'server'],
    [503, 'server'],
    [418, 'bad_response'],
  ];

  it.each(cases)('%i → %s', async (status, code) => {
    const { api } = await startHarness(wire, { faults: { failures: [{ kind: 'status', status, message: `injected ${status}` }] } }, { retry: 0 });
    const error = await rejectionOf(api.retrieve('default'));
    expect(error).toMatchObject({ code, status, operation: 'retrieve', group: 'default', detail: `injected ${status}` });
    expect((error as Error).message).toBe(`retrieve group "default": ${status} injected ${status}`);
  });

  it('a 503 carries Retry-After as retryAfterMs', async () => {
    const { api } = await startHarness(wire, { faults: { failures: [{ kind: 'status', status: 503, retryAfter: 90 }] } });
    expect(await rejectionOf(api.list())).toMatchObject({ code: 'server', status: 503, retryAfterMs: 90_000, operation: 'list' });
  });

  it('a 401 never carries the token it refused', async () => {
    const { api } = await startHarness(wire, {}, { token: 'sk-secret-value' });
    const error = await rejectionOf(api.list());
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(reachableText(error)).not.toContain('sk-secret-value');
  });
});
