// `npm start`'s one check of TURSO_ORG and TURSO_API_TOKEN, over real HTTP
// against the emulator on 127.0.0.1 standing in for the Platform API: each
// mistake is named by the variable to fix, and the token is in no message.
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';
import { listen } from '../../src/emulator/node.js';
import { checkOrganization } from '../../examples/server/checkOrganization.js';

const TOKEN = `platform-token-${crypto.randomUUID()}`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function platformApi(options: Partial<PlatformEmulatorOptions> = {}): Promise<string> {
  const server = await listen(createPlatformEmulator({ org: 'acme', token: TOKEN, groups: [{ name: 'default', locations: ['lhr'] }], ...options }));
  cleanups.push(() => server.close());
  return server.url;
}

/** A URL where nothing listens any more. */
async function nothingAt(): Promise<string> {
  const server = await listen(async () => new Response(null));
  await server.close();
  return server.url;
}

describe('checkOrganization', () => {
  it('passes an organization the token can list', async () => {
    expect(await checkOrganization({ org: 'acme', token: TOKEN, upstream: await platformApi() })).toBeUndefined();
  });

  it('names the variable at fault, and never quotes the token', async () => {
    const upstream = await platformApi();
    const down = await nothingAt();
    const problems = [
      await checkOrganization({ org: 'acme', token: `${TOKEN}-revoked`, upstream }),
      await checkOrganization({ org: 'acme-typo', token: TOKEN, upstream }),
      await checkOrganization({ org: 'acme', token: TOKEN, upstream: down }),
      await checkOrganization({ org: 'acme', token: TOKEN, upstream: 'not a url' }),
      await checkOrganization({ org: 'acme', token: `${TOKEN}\nsecond line`, upstream }),
    ];
    expect(problems).toEqual([
      expect.stringMatching(/^TURSO_API_TOKEN was refused \(401\) by TURSO_API_URL "http:\/\/127\.0\.0\.1:\d+"/),
      expect.stringMatching(/^TURSO_ORG "acme-typo" was not found or the token cannot see it \(403\)/),
      `TURSO_API_URL "${down}" could not be reached: check the URL, and that the server there is running`,
      'TURSO_API_URL must be an absolute http(s) URL without query, fragment or credentials; got "not a url"',
      expect.stringMatching(/^TURSO_API_TOKEN cannot be sent/),
    ]);
    expect(problems.filter((problem) => problem?.includes(TOKEN))).toEqual([]);
  });

  it('does not hide a token pasted into another setting', async () => {
    const down = await nothingAt();
    const problem = await checkOrganization({ org: 'acme', token: TOKEN, upstream: `${down}/${TOKEN}` });
    expect(problem).toBe(`TURSO_API_URL "${down}/[TURSO_API_TOKEN]" could not be reached: check the URL, and that the server there is running`);
  });

  it('tells a server error apart from a refused setting', async () => {
    const upstream = await platformApi({ faults: { failures: [{ kind: 'status', status: 503, operation: 'list' }] } });
    expect(await checkOrganization({ org: 'acme', token: TOKEN, upstream })).toMatch(/answered the check of TURSO_ORG and TURSO_API_TOKEN with status 503: try again later$/);
  });

  it('gives up on an API that does not answer', async () => {
    const upstream = await platformApi({ faults: { latency: { fixedMs: 5_000 } } });
    expect(await checkOrganization({ org: 'acme', token: TOKEN, upstream }, { timeoutMs: 200 })).toMatch(/^TURSO_API_URL "http:\/\/127\.0\.0\.1:\d+" did not answer within 0\.2 s$/);
  });
});
