// The dashboards' failure wording: what could not be done, then why, in a
// person's words, with the status in brackets, and never the library's
// message or a server's detail text.
import { describe, expect, it } from 'vitest';
import { GroupsError, IDLE_META, type Group, type GroupsErrorCode } from 'turso-groups-store';
import { failureText, groupFailureText, messageOf, reasonText } from '../../examples/shared/failureText.js';

const injected = Object.freeze(new GroupsError({ code: 'server', operation: 'addLocation', group: 'eu', status: 500, detail: 'injected 500 (server panel)' }));

describe('failureText', () => {
  it('says what failed and why, without the server detail', () => {
    expect(failureText(injected)).toBe("Couldn't add the location: the server failed (500)");
    expect(failureText(injected, { withGroup: true })).toBe("Couldn't add the location to eu: the server failed (500)");
    expect(injected.message).toContain('injected');
  });

  it('names each operation in words', () => {
    const of = (operation: GroupsError['operation'], group?: string) => failureText(new GroupsError({ code: 'server', operation, group, status: 502 }), { withGroup: true });
    expect([of('list'), of('create', 'eu'), of('retrieve', 'eu'), of('delete', 'eu'), of('removeLocation', 'eu'), of('mintToken', 'eu'), of('invalidateTokens', 'eu'), of('getConfiguration', 'eu'), of('updateConfiguration', 'eu'), of('unarchive', 'eu'), of('transfer', 'eu'), of('listLocations'), of('request')]).toEqual([
      "Couldn't load the groups: the server failed (502)",
      "Couldn't create the group eu: the server failed (502)",
      "Couldn't read the group eu: the server failed (502)",
      "Couldn't delete the group eu: the server failed (502)",
      "Couldn't remove the location from eu: the server failed (502)",
      "Couldn't mint a token for eu: the server failed (502)",
      "Couldn't invalidate the tokens of eu: the server failed (502)",
      "Couldn't read the delete protection of eu: the server failed (502)",
      "Couldn't change the delete protection of eu: the server failed (502)",
      "Couldn't unarchive the group eu: the server failed (502)",
      "Couldn't transfer the group eu: the server failed (502)",
      "Couldn't load the locations: the server failed (502)",
      "Couldn't reach the server: the server failed (502)",
    ]);
  });

  it('says what a configuration change, an unarchive and a transfer could not do, as asked', () => {
    const failed = (operation: GroupsError['operation'], code: GroupsErrorCode = 'server', status = 500) => new GroupsError({ code, operation, group: 'eu', status });
    expect([
      failureText(failed('updateConfiguration'), { details: { deleteProtection: true } }),
      failureText(failed('updateConfiguration'), { withGroup: true, details: { deleteProtection: true } }),
      failureText(failed('updateConfiguration'), { withGroup: true, details: { deleteProtection: false } }),
      failureText(failed('updateConfiguration'), { withGroup: true }),
      failureText(failed('getConfiguration'), { withGroup: true }),
      failureText(failed('unarchive'), { withGroup: true }),
      failureText(failed('transfer'), { details: { organization: 'staging' } }),
      failureText(failed('transfer', 'forbidden', 403), { withGroup: true, details: { organization: 'staging' } }),
      failureText(failed('transfer', 'conflict', 409), { withGroup: true }),
      failureText(failed('delete', 'validation', 400), { withGroup: true }),
    ]).toEqual([
      "Couldn't turn on delete protection: the server failed (500)",
      "Couldn't turn on delete protection for eu: the server failed (500)",
      "Couldn't turn off delete protection for eu: the server failed (500)",
      "Couldn't change the delete protection of eu: the server failed (500)",
      "Couldn't read the delete protection of eu: the server failed (500)",
      "Couldn't unarchive the group eu: the server failed (500)",
      "Couldn't transfer the group to staging: the server failed (500)",
      "Couldn't transfer the group eu to staging: you are not a member of that organization (403)",
      "Couldn't transfer the group eu: that organization has a group with that name already (409)",
      "Couldn't delete the group eu: the server refused it: its delete protection may be on (400)",
    ]);
  });

  it('says in a card what a refused delete-protection change asked: the opposite of the switch turned back, unless another change of it is pending', () => {
    const refused = new GroupsError({ code: 'server', operation: 'updateConfiguration', group: 'eu', status: 500 });
    const eu: Group = Object.freeze({ name: 'eu', locations: ['fra'], primary: 'fra', delete_protection: false });
    expect([
      groupFailureText({ ...IDLE_META, error: refused }, eu),
      groupFailureText({ ...IDLE_META, error: refused }, { ...eu, delete_protection: true }),
      groupFailureText({ ...IDLE_META, error: refused, pending: ['updateConfiguration'] }, eu),
      groupFailureText({ ...IDLE_META, error: injected }, eu),
      groupFailureText(IDLE_META, eu),
    ]).toEqual([
      "Couldn't turn on delete protection: the server failed (500)",
      "Couldn't turn off delete protection: the server failed (500)",
      "Couldn't change the delete protection: the server failed (500)",
      "Couldn't add the location: the server failed (500)",
      undefined,
    ]);
  });

  it('gives every error code a reason a person can act on, with no internals', () => {
    const reasons = (['validation', 'not_found', 'conflict', 'unauthorized', 'forbidden', 'payment_required', 'rate_limited', 'server', 'network', 'timeout', 'aborted', 'bad_response'] as const satisfies readonly GroupsErrorCode[]).map((code) =>
      reasonText(new GroupsError({ code, operation: 'addLocation', group: 'eu', detail: 'unexpected response: expected { group: Group }' })),
    );
    expect(reasons).toEqual([
      'unexpected response: expected { group: Group }', // a check of the library's own, which explains itself
      'the group does not exist',
      "it conflicts with the server's state",
      'the server did not accept the credentials',
      'this is not allowed',
      "the organization's plan does not allow it",
      'the server is busy',
      'the server failed',
      'the server could not be reached',
      'the server took too long to answer',
      'it was cancelled',
      "the server's answer could not be read",
    ]);
  });

  it('words the server’s refusals and waits', () => {
    expect(reasonText(new GroupsError({ code: 'validation', operation: 'create', status: 400, detail: 'invalid request body: expected { name, location }' }))).toBe('the request was refused (400)');
    expect(reasonText(new GroupsError({ code: 'conflict', operation: 'create', group: 'eu', status: 409 }))).toBe('a group with that name exists already (409)');
    expect(reasonText(new GroupsError({ code: 'rate_limited', operation: 'list', status: 429, retryAfterMs: 1_200 }))).toBe('the server is busy (429); try again in 2 s');
    expect(reasonText(new GroupsError({ code: 'server', operation: 'list', status: 503 }))).toBe('the server is unavailable (503)');
  });

  it('reads anything else thrown by its message', () => {
    expect([messageOf(injected), messageOf(new Error('the emulator refused the change: status 400')), messageOf('plain')]).toEqual([
      "Couldn't add the location: the server failed (500)",
      'the emulator refused the change: status 400',
      'plain',
    ]);
  });
});
