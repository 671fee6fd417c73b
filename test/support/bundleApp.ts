import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Bundles `contents` (an app's entry, importing from `./src/…` at the
 * project's root) as a browser app would, minified, with the store's
 * dependencies external: the modules it read (paths from the root), how
 * many bytes of each are in its output, and its code. A production build unless `nodeEnv` says otherwise
 * (the value a bundler gives `process.env.NODE_ENV`).
 */
export async function bundleApp(contents: string, nodeEnv: 'production' | 'development' = 'production'): Promise<{ inputs: string[]; bytesInOutput: Record<string, number>; code: string }> {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    external: ['rxjs', 'immer', 'ofetch'],
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const bytesInOutput = Object.fromEntries(Object.entries(output?.inputs ?? {}).map(([path, { bytesInOutput }]) => [path, bytesInOutput]));
  return { inputs: Object.keys(result.metafile.inputs), bytesInOutput, code: result.outputFiles[0]?.text ?? '' };
}
