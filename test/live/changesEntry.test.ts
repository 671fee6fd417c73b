import { describe, expect, it } from 'vitest';
import { changeFeed } from '../../src/changes/index.js';
import { createFetchTransport, createGroupsStore, type GroupsStoreOptions } from '../../src/index.js';
import { bundleApp } from '../support/bundleApp.js';

// The store's side of the change feed is an entry of its own
// (turso-groups-store/changes): its options are checked when the feed is
// made, the store takes only a feed made by changeFeed(), and an app that
// does not import it ships none of the feed's code.

const transport = createFetchTransport({ token: 't', baseURL: 'http://emulator.invalid' });

async function bundledInputs(contents: string): Promise<string[]> {
  return (await bundleApp(contents)).inputs;
}

const FEED_CODE = ['src/store/feedSync.ts', 'src/live/changeStream.ts', 'src/live/sseParser.ts', 'src/store/feedPositions.ts', 'src/store/changeFeedOptions.ts'];

describe('turso-groups-store/changes', () => {
  it('is not in an app that imports the whole core, and is in one that makes a feed', async () => {
    const core = await bundledInputs(`export * from './src/index.ts';`);
    expect(core.filter((input) => FEED_CODE.includes(input))).toEqual([]);
    const withFeed = await bundledInputs(`export * from './src/index.ts'; export { changeFeed } from './src/changes/index.ts';`);
    expect(FEED_CODE.filter((input) => !withFeed.includes(input))).toEqual([]);
  });

  it('checks its options when the feed is made, with a typed error naming the option', () => {
    const refused = (options: unknown): unknown => {
      try {
        changeFeed(options as Parameters<typeof changeFeed>[0]);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(refused(undefined)).toMatchObject({ code: 'validation', message: expect.stringContaining('changeFeed expects { url }') });
    expect(refused({ url: 'ftp://example.com/changes' })).toMatchObject({ code: 'validation', message: expect.stringContaining('changes.url must be an http(s) URL') });
    expect(refused({ url: 'https://example.com/changes', retryDelay: -1 })).toMatchObject({ code: 'validation', message: expect.stringContaining('changes.retryDelay') });
    expect(refused({ url: 'https://example.com/changes', refetchIntervalWhileConnected: 0 })).toMatchObject({ code: 'validation', message: expect.stringContaining('changes.refetchIntervalWhileConnected') });
    expect(changeFeed({ url: 'https://example.com/api/changes' }).url).toBe('https://example.com/api/changes');
  });

  it('is what the store’s changes option takes: a plain { url } is refused, saying where the feed comes from', () => {
    const options = { org: 'acme', transport, changes: { url: 'https://example.com/changes' } } as unknown as GroupsStoreOptions;
    expect(() => createGroupsStore(options)).toThrow(expect.objectContaining({ code: 'validation', message: expect.stringContaining("changeFeed({ url }) from 'turso-groups-store/changes'") }));
    const store = createGroupsStore({ org: 'acme', transport, changes: changeFeed({ url: 'https://example.com/changes' }) });
    try {
      expect(store.getFeed()).toEqual({ status: 'idle' });
    } finally {
      store.dispose();
    }
  });
});
