import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { keepStoreInspection } from '../shared/keepStoreInspection.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// The app imports the library as a user would ('turso-groups-store',
// 'turso-groups-store/react'); the aliases point those names at the sources,
// so the dashboard runs without a build of the package. Anchored patterns:
// the bare name must not also capture its subpath.
export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [react(), keepStoreInspection(here('../../src/'))],
  resolve: {
    alias: [
      { find: /^turso-groups-store\/react$/, replacement: here('../../src/bindings/react.ts') },
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
