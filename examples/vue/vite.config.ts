import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { keepStoreInspection } from '../shared/keepStoreInspection.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// The app imports the library as a user would ('turso-groups-store',
// 'turso-groups-store/vue'); the aliases point those names at the sources, so
// the dashboard runs without a build of the package. The more specific
// subpath comes first: aliases match by prefix, in order.
export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [vue(), keepStoreInspection(here('../../src/'))],
  resolve: {
    alias: [
      { find: /^turso-groups-store\/vue$/, replacement: here('../../src/bindings/vue.ts') },
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
