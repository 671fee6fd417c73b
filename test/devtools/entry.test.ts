import { describe, expect, it } from 'vitest';
import { createGroupsStore, createFetchTransport } from '../../src/index.js';
import { bundleApp } from '../support/bundleApp.js';

// The devtools are a separate entry: the core never imports them, so an app
// that does not import turso-groups-store/devtools ships none of it; and the
// entry imports in Node (a server render) without a DOM.

describe('the devtools entry', () => {
  it('is not in an app that imports the whole core', async () => {
    const app = await bundleApp(`export * from './src/index.ts';`);
    expect(app.inputs.filter((input) => input.includes('src/devtools/'))).toEqual([]);
    expect(app.code).not.toContain('groups-devtools');
    // The check is real: an app that imports the devtools has them.
    const withDevtools = await bundleApp(`export * from './src/index.ts'; export { mountGroupsDevtools } from './src/devtools/index.ts';`);
    expect(withDevtools.inputs).toContain('src/devtools/groupsDevtoolsElement.ts');
    expect(withDevtools.code).toContain('groups-devtools');
  });

  it('leaves the store’s inspection hook out of a production build of the core, and keeps it in a development one', async () => {
    // The hook is what the devtools read of the store's inside; the core's
    // production bundle must be what it would be without the devtools.
    const production = await bundleApp(`export * from './src/index.ts';`, 'production');
    expect(production.bytesInOutput['src/store/inspection.ts'] ?? 0).toBe(0);
    expect(production.code).not.toContain('turso-groups-store.inspect');
    expect(production.code).not.toMatch(/static\s*\{/);
    expect(production.code).not.toContain('process.env');
    const development = await bundleApp(`export * from './src/index.ts';`, 'development');
    expect(development.bytesInOutput['src/store/inspection.ts']).toBeGreaterThan(0);
    expect(development.code).toContain('turso-groups-store.inspect');
  });

  it('imports in Node, and says a page is needed when asked to mount there', async () => {
    const { mountGroupsDevtools } = await import('../../src/devtools/index.js');
    const store = createGroupsStore({ org: 'acme', transport: createFetchTransport({ token: 't', baseURL: 'http://emulator.invalid' }) });
    try {
      expect(() => mountGroupsDevtools(store)).toThrow(expect.objectContaining({ code: 'validation', message: expect.stringContaining('needs a page') }));
    } finally {
      store.dispose();
    }
  });
});
