import { describe, expect, it } from 'vitest';
import { isGroupsError } from '../../src/index.js';
import { GROUPS, ORG, UPSTREAM_GROUPS, browserApi, outcome, rawRequest, startProxy } from './proxyHarness.js';

// The four operations of today's contract through the proxy, over real HTTP
// on 127.0.0.1: the configuration (a PATCH with a body), unarchive, and a
// transfer (a body naming another organization of the token).

const STAGING = 'staging';
const JSON_TYPE = { 'content-type': 'application/json' };

describe('the operations of today’s contract through the proxy', () => {
  it('are forwarded with their method, path and checked body, and answered as the upstream answered', async () => {
    const { base, seen, emulator } = await startProxy({ emulator: { otherOrgs: [STAGING], groups: [{ name: 'default', locations: ['lhr'] }, { name: 'old', locations: ['ams'], archived: true }] } });
    const api = browserApi(base);
    const results = [
      await api.getConfiguration('default'),
      await api.updateConfiguration('default', { delete_protection: true }),
      (await api.unarchive('old')).archived,
      (await api.transfer('old', STAGING)).name,
    ];
    expect(results).toEqual([{ delete_protection: false }, { delete_protection: true }, false, 'old']);
    expect(seen.map(({ method, path, body }) => [method, path, body])).toEqual([
      ['GET', `${UPSTREAM_GROUPS}/default/configuration`, ''],
      ['PATCH', `${UPSTREAM_GROUPS}/default/configuration`, '{"delete_protection":true}'],
      ['POST', `${UPSTREAM_GROUPS}/old/unarchive`, ''],
      ['POST', `${UPSTREAM_GROUPS}/old/transfer`, `{"organization":"${STAGING}"}`],
    ]);
    expect(emulator.snapshot(STAGING).groups.map((g) => g.name)).toEqual(['old']);
  });

  it('relays the upstream’s refusals: a transfer to an organization the token is not in, a protected delete', async () => {
    const { base } = await startProxy({ emulator: { groups: [{ name: 'default', locations: ['lhr'], delete_protection: true }] } });
    const api = browserApi(base);
    const errors = [await api.transfer('default', 'elsewhere').catch((e: unknown) => e), await api.delete('default').catch((e: unknown) => e)];
    expect(errors.map((e) => isGroupsError(e) && [e.code, e.status, e.operation])).toEqual([
      ['forbidden', 403, 'transfer'],
      ['validation', 400, 'delete'],
    ]);
  });

  it('forwards the body of a raw PATCH as parsed JSON, and refuses what no route of the contract is', async () => {
    const { proxy, seen } = await startProxy();
    const patched = outcome(await rawRequest(proxy.url, { method: 'PATCH', path: `${GROUPS}/default/configuration?x=1`, body: '{ "delete_protection" : true, "delete_protection": false }', headers: JSON_TYPE }));
    const form = outcome(await rawRequest(proxy.url, { method: 'PATCH', path: `${GROUPS}/default/configuration`, body: 'delete_protection=true', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    const methods: Array<[number, string | undefined]> = [];
    for (const [method, path] of [['PUT', `${GROUPS}/default/configuration`], ['GET', `${GROUPS}/default/transfer`], ['PATCH', `${GROUPS}/default`]]) {
      const answer = await rawRequest(proxy.url, { method: method as string, path: path as string });
      methods.push([answer.status, answer.headers['allow']]);
    }
    const retired = outcome(await rawRequest(proxy.url, { method: 'POST', path: `${GROUPS}/default/update` }));
    expect([patched, form, methods, retired]).toEqual([
      [200, { delete_protection: false }],
      [415, { error: 'content-type must be application/json' }],
      [[405, 'GET, PATCH'], [405, 'POST'], [405, 'GET, DELETE']],
      [404, { error: 'not found' }],
    ]);
    expect(seen.map(({ method, path, body }) => [method, path, body])).toEqual([['PATCH', `/v1/organizations/${ORG}/groups/default/configuration`, '{"delete_protection":false}']]);
  });
});
