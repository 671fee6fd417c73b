import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { keepStoreInspection } from '../shared/keepStoreInspection.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// The app imports the library as a user would ('turso-groups-store' and its
// subpaths); the aliases point those names at the sources, so the dashboard
// runs without a build of the package. Anchored patterns, most specific
// first: the bare name must not also capture a subpath.
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [keepStoreInspection(here('../../src/'))],
  resolve: {
    alias: [
      { find: /^turso-groups-store\/emulator\/node$/, replacement: here('../../src/emulator/node.ts') },
      { find: /^turso-groups-store\/emulator$/, replacement: here('../../src/emulator/index.ts') },
      { find: /^turso-groups-store\/proxy$/, replacement: here('../../src/proxy/index.ts') },
      { find: /^turso-groups-store\/react$/, replacement: here('../../src/bindings/react.ts') },
      { find: /^turso-groups-store\/vue$/, replacement: here('../../src/bindings/vue.ts') },
      { find: /^turso-groups-store\/svelte$/, replacement: here('../../src/bindings/svelte.ts') },
      { find: /^turso-groups-store\/devtools$/, replacement: here('../../src/devtools/index.ts') },
      { find: /^turso-groups-store\/persist$/, replacement: here('../../src/persist/index.ts') },
      { find: /^turso-groups-store\/changes$/, replacement: here('../../src/changes/index.ts') },
      { find: /^turso-groups-store$/, replacement: here('../../src/index.ts') },
    ],
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
  },
});
