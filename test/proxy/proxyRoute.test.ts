import { describe, expect, it } from 'vitest';
import { belowBasePath, matchProxyRoute, rawPathOf } from '../../src/proxy/proxyRoute.js';

// The path matcher on its own, fed raw paths no Web Request can carry: every
// Request resolves `..`, `%2e%2e` and `\` in its URL when it is made, so over
// HTTP these never reach the matcher as written (routing.test.ts checks the
// same paths end to end). A runtime or adapter that hands over the path as
// the client wrote it must still be refused, so the matcher is tested here
// directly, against the text. Internal module: no public entry exposes it.

const G = '/v1/organizations/my-org/groups';

function match(method: string, path: string): unknown {
  const result = matchProxyRoute(method, path, 'my-org');
  if (result.kind === 'route') return [result.route.operation, result.route.group, result.route.path];
  return result.kind === 'method' ? ['405', result.allow] : 'none';
}

describe('matchProxyRoute', () => {
  it('names each route of the contract and rebuilds its path', () => {
    expect([
      match('GET', '/v1/locations'),
      match('GET', G),
      match('POST', G),
      match('GET', `${G}/eu`),
      match('DELETE', `${G}/eu`),
      match('POST', `${G}/eu/locations/aws-us-east-1`),
      match('DELETE', `${G}/eu/locations/lhr`),
      match('POST', `${G}/eu/auth/tokens`),
      match('POST', `${G}/eu/auth/rotate`),
      match('GET', `${G}/eu/configuration`),
      match('PATCH', `${G}/eu/configuration`),
      match('POST', `${G}/eu/unarchive`),
      match('POST', `${G}/eu/transfer`),
      match('GET', '/v1/organizations/my%2dorg/groups/%65u'),
    ]).toEqual([
      ['listLocations', undefined, '/v1/locations'],
      ['list', undefined, G],
      ['create', undefined, G],
      ['retrieve', 'eu', `${G}/eu`],
      ['delete', 'eu', `${G}/eu`],
      ['addLocation', 'eu', `${G}/eu/locations/aws-us-east-1`],
      ['removeLocation', 'eu', `${G}/eu/locations/lhr`],
      ['mintToken', 'eu', `${G}/eu/auth/tokens`],
      ['invalidateTokens', 'eu', `${G}/eu/auth/rotate`],
      ['getConfiguration', 'eu', `${G}/eu/configuration`],
      ['updateConfiguration', 'eu', `${G}/eu/configuration`],
      ['unarchive', 'eu', `${G}/eu/unarchive`],
      ['transfer', 'eu', `${G}/eu/transfer`],
      ['retrieve', 'eu', `${G}/eu`],
    ]);
  });

  it('refuses dot segments raw or encoded, encoded or raw separators, empty segments and invalid names', () => {
    const hostile = [
      `${G}/../../other/groups`,
      `${G}/eu/..`,
      `${G}/eu/.`,
      `${G}/./eu`,
      `${G}/%2e%2e/%2e%2e/other/groups`,
      `${G}/%2E%2E`,
      `${G}/%2E.`,
      `${G}/.%2e`,
      `${G}/%2e`,
      `${G}/eu/auth/tokens/../../../../databases`,
      `${G}/eu/locations/..`,
      `${G}/eu/locations/%2e%2e`,
      '/v1/organizations/my-org/groups/../../other/groups',
      '/v1/organizations/../organizations/my-org/groups',
      `${G}/eu%2f..%2f..%2fdatabases`,
      `${G}/eu%2F`,
      `${G}/eu%5c..`,
      `${G}/eu%5C`,
      `${G}\\..\\..\\other\\groups`,
      `${G}/eu\\..`,
      `${G}/eu\\`,
      `/v1//organizations/my-org/groups`,
      `//v1/organizations/my-org/groups`,
      `${G}//eu`,
      `${G}/`,
      `${G}/eu/`,
      `${G}/eu/locations/`,
      `${G}/%`,
      `${G}/%zz`,
      `${G}/%E0%A4%A`,
      `${G}/EU`,
      `${G}/e_u`,
      `${G}/eu%00`,
      `${G}/eu/locations/lhr%0a`,
      `${G}/eu/locations/x`,
      `${G}/eu/update`,
      `${G}/eu/%63onfiguration`,
      `${G}/eu/configuration/`,
      `${G}/eu/transfer/..`,
      '/v1/organizations/my-org%2Fgroups/x/groups',
      '/v1/organizations/other/groups',
      '/v1/organizations/my-org/%67roups',
      '/v1/organizations/my-org/databases',
      'v1/organizations/my-org/groups',
      '',
    ];
    expect(hostile.map((path) => [path, match('GET', path), match('POST', path), match('DELETE', path)])).toEqual(
      hostile.map((path) => [path, 'none', 'none', 'none']),
    );
  });

  it('a served path with another method is a 405 naming the methods it has', () => {
    expect([match('PUT', G), match('OPTIONS', `${G}/eu`), match('GET', `${G}/eu/auth/tokens`), match('get', '/v1/locations')]).toEqual([
      ['405', 'GET, POST'],
      ['405', 'GET, DELETE'],
      ['405', 'POST'],
      ['405', 'GET'],
    ]);
  });
});

describe('rawPathOf and belowBasePath', () => {
  it('take the path as the text has it, and the part under the prefix', () => {
    expect([
      rawPathOf('http://127.0.0.1:8080/api/turso/v1/../x?q=1#f'),
      rawPathOf('https://app.example/a\\..\\b'),
      rawPathOf('http://127.0.0.1:8080'),
      rawPathOf('http://host?x'),
      rawPathOf('/relative/path'),
      belowBasePath('/api/turso/v1/locations', '/api/turso'),
      belowBasePath('/api/turso', '/api/turso'),
      belowBasePath('/api/tursox/v1/locations', '/api/turso'),
      belowBasePath('/v1/locations', ''),
    ]).toEqual(['/api/turso/v1/../x', '/a\\..\\b', '/', '/', undefined, '/v1/locations', undefined, undefined, '/v1/locations']);
  });
});
