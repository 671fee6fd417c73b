import { spawnSync } from 'node:child_process';
import type { Plugin } from 'vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// Vite builds the JavaScript; declarations come from tsc itself (TypeScript 7
// has no compiler API for a dts plugin to call), run once the bundle is written.
function emitDeclarations(): Plugin {
  return {
    name: 'emit-declarations',
    apply: 'build',
    closeBundle() {
      const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
      if (result.status !== 0) throw new Error('tsc could not emit declarations');
    },
  };
}

export default defineConfig({
  build: {
    lib: {
      entry: {
        index: 'src/index.ts',
        emulator: 'src/emulator/index.ts',
        'emulator-node': 'src/emulator/node.ts',
        cli: 'src/emulator/cli.ts',
      },
      formats: ['es'],
    },
    target: 'es2022',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      // Dependencies and the frameworks the bindings serve stay the app's own.
      external: [/^node:/, 'rxjs', /^rxjs\//, 'immer', 'ofetch', 'react', /^react\//, 'vue', 'svelte', /^svelte\//],
    },
  },
  plugins: [emitDeclarations()],
  test: {
    testTimeout: 20_000,
    restoreMocks: true,
    // Files that opt into happy-dom run as a page on this origin, so calls to
    // the emulator on 127.0.0.1 are cross-origin and go through CORS.
    environmentOptions: { happyDOM: { url: 'http://localhost:5173' } },
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/browser/**', 'test/**/*.contract.test.ts'], environment: 'node' },
      },
      {
        // `npm run test:contract`: against Turso's published document, which lives beside the repository.
        extends: true,
        test: { name: 'contract', include: ['test/**/*.contract.test.ts'], environment: 'node' },
      },
      {
        extends: true,
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
