import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Bundles `contents` (an app's entry, importing from `./src/…` at the
 * project's root) as a browser app would, minified, with the store's
 * dependencies external: the modules that ended up in it (paths from the
 * root) and its code.
 */
export async function bundleApp(contents: string): Promise<{ inputs: string[]; code: string }> {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['rxjs', 'immer', 'ofetch'],
    metafile: true,
    logLevel: 'silent',
  });
  return { inputs: Object.keys(result.metafile.inputs), code: result.outputFiles[0]?.text ?? '' };
}
