// Runs in headless Chromium: real CORS, real fetch, real Web Crypto.
import { describe, expect, inject, it } from 'vitest';
import { createFetchTransport, createGroupsApi, createGroupsStore, isGroupsError } from '../../src/index.js';

const TOKEN = 'browser-token';

describe('in a real browser, against the emulator on another origin', () => {
  it('is a page on another origin than the API', () => {
    expect(typeof window).toBe('object');
    expect(new URL(inject('emulatorUrl')).origin).not.toBe(location.origin);
  });

  it('the store runs commands through CORS preflights (Authorization and JSON allowed)', async () => {
    const store = createGroupsStore({ org: 'acme', transport: createFetchTransport({ token: TOKEN, baseURL: inject('emulatorUrl') }) });
    const shown: string[][] = [];
    const subscription = store.groups$.subscribe((groups) => shown.push(groups.map((g) => `${g.name}:${g.locations.join('+')}`)));
    await store.load();
    await store.create({ name: 'web', location: 'ams' });
    await store.addLocation('web', 'fra');
    const { jwt } = await store.mintToken('web', { expiration: '1h' });
    await store.delete('web');
    subscription.unsubscribe();
    store.dispose();
    expect(jwt.split('.')).toHaveLength(3);
    expect(shown).toEqual([
      [],
      ['default:lhr'],
      ['default:lhr', 'web:ams'],
      ['default:lhr', 'web:ams'],
      ['default:lhr', 'web:ams+fra'],
      ['default:lhr'],
    ]);
  });

  it('can read Retry-After, which the emulator exposes', async () => {
    const api = createGroupsApi({ org: 'acme', transport: createFetchTransport({ token: TOKEN, baseURL: inject('rateLimitedUrl'), maxRetryAfter: 0 }) });
    const error = await api.listLocations().then(() => undefined, (e: unknown) => e);
    expect(isGroupsError(error) && [error.code, error.status, error.retryAfterMs]).toEqual(['rate_limited', 429, 7000]);
  });

  it('sees a wrong token as 401, not as a network failure', async () => {
    const api = createGroupsApi({ org: 'acme', transport: createFetchTransport({ token: 'wrong', baseURL: inject('emulatorUrl') }) });
    const error = await api.list().then(() => undefined, (e: unknown) => e);
    expect(isGroupsError(error) && [error.code, error.status]).toEqual(['unauthorized', 401]);
  });
});
