import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { angularTestDecorators } from './test/support/angularDecorators.js';

// Vite builds the JavaScript; declarations come from tsc itself (TypeScript 7
// has no compiler API for a dts plugin to call), run once the bundle is written.
function emitDeclarations(): Plugin {
  return {
    name: 'emit-declarations',
    apply: 'build',
    closeBundle() {
      // TypeScript 7 by path: the typescript5 alias (for the node10 consumer check) also ships a `tsc` bin.
      const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
      if (result.status !== 0) throw new Error('tsc could not emit declarations');
    },
  };
}

// Svelte's `mount` exists only in its browser build, which Node's conditions
// never pick. In the node project, test files that opt into happy-dom get that
// build of `svelte` and `svelte/*`, as a page would; every other package
// resolves as before (a `browser` condition for all would change React's
// build too). The chromium project resolves for the browser already.
function svelteBrowserBuild(): Plugin {
  const manifest = fileURLToPath(import.meta.resolve('svelte/package.json'));
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { browser?: string }> };
  return {
    name: 'svelte-browser-build',
    enforce: 'pre',
    applyToEnvironment: (environment) => environment.name === 'client',
    resolveId(id) {
      if (id !== 'svelte' && !id.startsWith('svelte/')) return null;
      const browser = exports[`.${id.slice('svelte'.length)}`]?.browser;
      return browser ? join(dirname(manifest), browser) : null;
    },
  };
}

// The package's own names, as the examples and their tests import them,
// mean the sources (as tsconfig's paths do for tsc and tsx): no build first.
const SOURCES: Record<string, string> = {
  'turso-groups-store': 'src/index.ts',
  'turso-groups-store/emulator': 'src/emulator/index.ts',
  'turso-groups-store/emulator/node': 'src/emulator/node.ts',
  'turso-groups-store/react': 'src/bindings/react.ts',
  'turso-groups-store/vue': 'src/bindings/vue.ts',
  'turso-groups-store/svelte': 'src/bindings/svelte.ts',
  'turso-groups-store/angular': 'src/bindings/angular.ts',
  'turso-groups-store/proxy': 'src/proxy/index.ts',
  'turso-groups-store/proxy/node': 'src/proxy/node.ts',
  'turso-groups-store/proxy/redis': 'src/proxy/redis/index.ts',
  'turso-groups-store/devtools': 'src/devtools/index.ts',
  'turso-groups-store/persist': 'src/persist/index.ts',
  'turso-groups-store/changes': 'src/changes/index.ts',
};

export default defineConfig({
  resolve: {
    alias: Object.entries(SOURCES).map(([name, path]) => ({
      find: new RegExp(`^${name.replace(/[/]/g, '\\/')}$`),
      replacement: fileURLToPath(new URL(path, import.meta.url)),
    })),
  },
  build: {
    lib: {
      entry: {
        index: 'src/index.ts',
        emulator: 'src/emulator/index.ts',
        'emulator-node': 'src/emulator/node.ts',
        cli: 'src/emulator/cli.ts',
        react: 'src/bindings/react.ts',
        vue: 'src/bindings/vue.ts',
        svelte: 'src/bindings/svelte.ts',
        angular: 'src/bindings/angular.ts',
        proxy: 'src/proxy/index.ts',
        'proxy-node': 'src/proxy/node.ts',
        'proxy-redis': 'src/proxy/redis/index.ts',
        devtools: 'src/devtools/index.ts',
        persist: 'src/persist/index.ts',
        changes: 'src/changes/index.ts',
      },
      formats: ['es'],
    },
    target: 'es2022',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      // Dependencies and the frameworks the bindings serve stay the app's own.
      external: [/^node:/, 'rxjs', /^rxjs\//, 'immer', 'ofetch', 'redis', /^@redis\//, 'react', /^react\//, 'vue', 'svelte', /^svelte\//, /^@angular\//],
    },
  },
  // Svelte compiles the binding's .svelte test components; only under Vitest,
  // so the library build stays as it is.
  plugins: [emitDeclarations(), ...(process.env['VITEST'] ? [svelte({ configFile: false })] : [])],
  test: {
    testTimeout: 20_000,
    restoreMocks: true,
    // Files that opt into happy-dom run as a page on this origin, so calls to
    // the emulator on 127.0.0.1 are cross-origin and go through CORS.
    environmentOptions: { happyDOM: { url: 'http://localhost:5173' } },
    projects: [
      {
        extends: true,
        plugins: [svelteBrowserBuild(), angularTestDecorators()],
        test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/browser/**', 'test/e2e/**', 'test/**/*.contract.test.ts'], environment: 'node' },
      },
      {
        // `npm run test:e2e`: the built dashboards (`npm run build:examples`) in Debian's Chromium, driven by playwright-core.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // One browser at a time: the scenarios time optimistic states against the emulator's latency.
          fileParallelism: false,
        },
      },
      {
        // `npm run test:contract`: against Turso's published document, which lives beside the repository.
        extends: true,
        test: { name: 'contract', include: ['test/**/*.contract.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        // Pre-bundled up front: optimizing a framework mid-run reloads the page under a test.
        optimizeDeps: { include: ['vue', 'react', 'react-dom/client', 'react-dom/server'] },
        // Vue's esm-bundler build asks for its feature flags to be set.
        define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
        test: {
          name: 'chromium',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/emulatorSetup.ts'],
          browser: {
            enabled: true,
            headless: true,
            // Debian's Chromium (installed by .ci/run); Playwright never downloads a browser here.
            provider: playwright({
              launchOptions: {
                executablePath: '/usr/bin/chromium',
                args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
