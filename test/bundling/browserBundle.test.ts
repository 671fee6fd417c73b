import { builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { build as viteBuild, createLogger, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

// Every public entry a browser app may import must bundle for the browser with
// nothing from Node in it, under esbuild and under Vite (rolldown), without a
// warning. The entries come from package.json's exports, so each new one is
// covered by being published; each resolves to its source file (the package
// is not built here), found from its declaration path: tsc writes
// dist/x/y.d.ts for src/x/y.ts.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | { types?: string }>;
};

/** Entries for Node only: named so (`./emulator/node`), the Redis bus (the redis client is Node's), or not code at all. */
function isBrowserEntry(subpath: string): boolean {
  return subpath !== './package.json' && subpath !== './proxy/redis' && !/(^|[/.-])node([/.-]|$)/.test(subpath);
}

/** The source file of an export, or why there is none. */
function sourceOf(target: string | { types?: string }): { file: string } | { missing: string } {
  const types = typeof target === 'string' ? undefined : target.types;
  if (types === undefined || !/^\.\/dist\/.+\.d\.ts$/.test(types)) return { missing: 'no ./dist/….d.ts types path to find its source by' };
  const stem = resolve(ROOT, `src/${types.slice('./dist/'.length, -'.d.ts'.length)}`);
  const file = ['.ts', '.tsx'].map((extension) => stem + extension).find((candidate) => existsSync(candidate));
  return file === undefined ? { missing: `no source at ${stem}.ts(x)` } : { file };
}

const SOURCES = Object.entries(manifest.exports)
  .filter(([subpath]) => subpath !== './package.json')
  .map(([subpath, target]) => [`${manifest.name}${subpath.slice(1)}`, sourceOf(target)] as const);

/** Import specifier → source file, for every export that has one (the others fail below). */
const ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  SOURCES.flatMap(([specifier, source]) => ('file' in source ? [[specifier, source.file]] : [])),
);
const BROWSER_ENTRIES = Object.keys(manifest.exports)
  .filter(isBrowserEntry)
  .map((subpath) => `${manifest.name}${subpath.slice(1)}`);

/** A page that imports every given entry whole, so nothing can be shaken out unseen. */
function page(entries: readonly string[]): string {
  const imports = entries.map((entry, i) => `import * as entry${i} from '${entry}';`);
  return `${imports.join('\n')}\nglobalThis.entries = [${entries.map((_, i) => `entry${i}`).join(', ')}];\n`;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0] ?? '');
}

/** What went wrong, as lines: warnings, errors, and Node built-ins that reached the bundle. */
async function esbuildProblems(entries: readonly string[]): Promise<string[]> {
  try {
    const result = await esbuild.build({
      stdin: { contents: page(entries), resolveDir: ROOT, loader: 'js', sourcefile: 'page.js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [
        {
          name: 'package-entries-to-source',
          setup(build) {
            build.onResolve({ filter: new RegExp(`^${manifest.name}(/.*)?$`) }, (args) => {
              const source = ALIASES[args.path];
              return source === undefined ? { errors: [{ text: `${args.path}: no source file for this export` }] } : { path: source };
            });
          },
        },
      ],
    });
    const imported = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    const externals = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
    return [
      ...result.warnings.map((w) => `warning: ${w.text}`),
      ...[...imported, ...externals].filter(isNodeBuiltin).map((path) => `node built-in: ${path}`),
      ...externals.map((path) => `left external: ${path}`),
    ];
  } catch (error) {
    const failure = error as { errors?: esbuild.Message[] };
    if (!failure.errors) throw error;
    return failure.errors.map((e) => `error: ${e.text}`);
  }
}

async function viteProblems(entries: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const logger = createLogger('silent');
  logger.warn = (message) => void problems.push(`warning: ${message}`);
  logger.warnOnce = logger.warn;
  logger.error = (message) => void problems.push(`error: ${message}`);
  const PAGE = '\0browser-page.js';
  try {
    const output = (await viteBuild({
      configFile: false,
      root: ROOT,
      logLevel: 'silent',
      customLogger: logger,
      publicDir: false,
      envDir: false,
      resolve: { alias: Object.entries(ALIASES).map(([find, replacement]) => ({ find: new RegExp(`^${find}$`), replacement })) },
      plugins: [
        {
          name: 'browser-page',
          resolveId: (id) => (id === 'browser-page' ? PAGE : undefined),
          load: (id) => (id === PAGE ? page(entries) : undefined),
        },
      ],
      build: {
        write: false,
        minify: false,
        modulePreload: false,
        reportCompressedSize: false,
        copyPublicDir: false,
        target: 'es2022',
        rolldownOptions: {
          input: 'browser-page',
          onLog: (level, log) => void problems.push(`${level}: ${log.message}`),
        },
      },
    })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
    for (const { output: files } of Array.isArray(output) ? output : [output]) {
      for (const file of files) {
        if (file.type !== 'chunk') continue;
        problems.push(...file.imports.map((path) => `left external: ${path}`));
        problems.push(...file.moduleIds.filter((id) => id.includes('browser-external') || isNodeBuiltin(id)).map((id) => `node built-in: ${id}`));
      }
    }
  } catch (error) {
    problems.push(`error: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}

describe('every public entry bundles for the browser', () => {
  it('finds the entries in package.json, and the source of each', () => {
    expect(BROWSER_ENTRIES).toContain(manifest.name);
    expect(BROWSER_ENTRIES).toContain(`${manifest.name}/emulator`);
    expect(BROWSER_ENTRIES).not.toContain(`${manifest.name}/emulator/node`);
    expect(SOURCES.flatMap(([specifier, source]) => ('missing' in source ? [`${specifier}: ${source.missing}`] : []))).toEqual([]);
  });

  it('with esbuild (platform browser): no Node built-in, no warning', async () => {
    expect(await esbuildProblems(BROWSER_ENTRIES)).toEqual([]);
  });

  it('with Vite (rolldown): no Node built-in, no warning', async () => {
    expect(await viteProblems(BROWSER_ENTRIES)).toEqual([]);
  });

  // The check is real: the Node entry, which imports node:http, is caught by both.
  it('catches a Node built-in in the bundle, as the Node-only entry has', async () => {
    const nodeEntry = [`${manifest.name}/emulator/node`];
    const [fromEsbuild, fromVite] = [await esbuildProblems(nodeEntry), await viteProblems(nodeEntry)];
    expect(fromEsbuild.join('\n')).toMatch(/node:http/);
    expect(fromVite.join('\n')).toMatch(/node:http/);
  });
});
