// Angular's test components are classes with `@Component`, compiled at run
// time by @angular/compiler (JIT), as Angular's own tests do. Vite's
// transform (oxc) leaves decorators as they are, and Node 20 cannot run
// them, so esbuild lowers them first: standard (TC39) decorators, as the
// project's TypeScript checks them; Angular's class decorators work as both.
import { transform } from 'esbuild';
import type { Plugin } from 'vite';

/** The Angular binding's tests: `test/bindings/angular*.test.ts` and `test/bindings/angular/`. */
const ANGULAR_TESTS = /\/test\/bindings\/angular[^/]*(?:\/[^/]+)*\.ts$/;

export function angularTestDecorators(): Plugin {
  return {
    name: 'angular-test-decorators',
    enforce: 'pre',
    async transform(code, id) {
      if (!ANGULAR_TESTS.test(id) || !code.includes('@Component')) return null;
      const result = await transform(code, { loader: 'ts', target: 'es2022', sourcemap: true, sourcefile: id });
      return { code: result.code, map: result.map };
    },
  };
}
