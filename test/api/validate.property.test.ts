import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFetchTransport, createGroupsApi, isValidExpiration, isValidGroupName, isValidLocation } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { recordingTransport } from '../support/recordingTransport.js';

// Strings that stress parsers: path and query syntax, escapes, dots, unicode.
const NASTY = ['/', '..', '.', '%', '%2F', '%2E', '?', '#', '&', '=', ' ', '\\', '~', 'é', '中', '😀', '\u0000', 'A', '-', '_'];
const nastyString = fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 3 }), fc.string({ unit: 'grapheme', maxLength: 2 })), { maxLength: 8 }).map((parts) => parts.join(''));

const invalidName = fc.oneof(nastyString, fc.string(), fc.string({ minLength: 65, maxLength: 80 })).filter((s) => !isValidGroupName(s));
const invalidLocation = fc.oneof(nastyString, fc.string()).filter((s) => !isValidLocation(s));
const invalidExpiration = fc.oneof(nastyString, fc.string(), fc.stringMatching(/^[0-9wdhms]{0,8}$/)).filter((s) => !isValidExpiration(s));
const validName = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);

describe('no invalid input ever reaches the transport', () => {
  it('names, for every operation that takes one', async () => {
    await fc.assert(
      fc.asyncProperty(invalidName, async (name) => {
        const transport = recordingTransport();
        const api = createGroupsApi({ org: 'acme', transport });
        const calls = [
          api.create({ name, location: 'lhr' }),
          api.retrieve(name),
          api.delete(name),
          api.addLocation(name, 'lhr'),
          api.removeLocation(name, 'lhr'),
          api.mintToken(name),
          api.invalidateTokens(name),
        ];
        const results = await Promise.allSettled(calls);
        expect(results.map((r) => r.status === 'rejected' && (r.reason as { code?: string }).code)).toEqual(Array(7).fill('validation'));
        expect(transport.calls).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('locations', async () => {
    await fc.assert(
      fc.asyncProperty(invalidLocation, async (location) => {
        const transport = recordingTransport();
        const api = createGroupsApi({ org: 'acme', transport });
        const results = await Promise.allSettled([
          api.create({ name: 'ok', location }),
          api.addLocation('ok', location),
          api.removeLocation('ok', location),
        ]);
        expect(results.map((r) => r.status === 'rejected' && (r.reason as { code?: string }).code)).toEqual(Array(3).fill('validation'));
        expect(transport.calls).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('expirations', async () => {
    await fc.assert(
      fc.asyncProperty(invalidExpiration, async (expiration) => {
        const transport = recordingTransport();
        const result = await createGroupsApi({ org: 'acme', transport }).mintToken('ok', { expiration }).then(() => 'sent', (e: { code?: string }) => e.code);
        expect(result).toBe('validation');
        expect(transport.calls).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('while every valid name does reach it, once, as one path segment', async () => {
    await fc.assert(
      fc.asyncProperty(validName, async (name) => {
        const transport = recordingTransport({ group: { name, locations: ['lhr'], primary: 'lhr' } });
        await createGroupsApi({ org: 'acme', transport }).retrieve(name);
        expect(transport.calls.map((c) => c.path)).toEqual([`/v1/organizations/acme/groups/${name}`]);
      }),
    );
  });
});

describe('path segments are encoded, never interpreted', () => {
  const org = nastyString.filter((s) => s !== '' && s !== '.' && s !== '..');

  it('an organization slug stays one segment, in the path, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(org, async (slug) => {
        const transport = recordingTransport({ groups: [] });
        await createGroupsApi({ org: slug, transport }).list();
        const url = new URL(`https://api.example.test${transport.calls[0]?.path ?? ''}`);
        const segments = url.pathname.split('/');
        expect(segments).toHaveLength(5);
        expect([segments[1], segments[2], segments[4]]).toEqual(['v1', 'organizations', 'groups']);
        expect(decodeURIComponent(segments[3] ?? '')).toBe(slug);
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
      }),
      { numRuns: 500 },
    );
  });

  it('and reaches the emulator as the same organization, through a real fetch Request', async () => {
    await fc.assert(
      fc.asyncProperty(org, validName, async (slug, name) => {
        const emulator = createPlatformEmulator({ org: slug, token: 't', groups: [{ name, locations: ['lhr'] }] });
        const transport = createFetchTransport({ token: 't', baseURL: 'https://api.example.test', fetch: emulator.fetch });
        const api = createGroupsApi({ org: slug, transport });
        expect((await api.list()).map((g) => g.name)).toEqual([name]);
        expect((await api.addLocation(name, 'ams')).locations).toEqual(['lhr', 'ams']);
      }),
      { numRuns: 200 },
    );
  });
});
