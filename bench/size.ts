// npm run size: the min+gzip size of each public entry as a browser app
// bundles it with esbuild, with its dependencies left to the app (external)
// and bundled in; fails when an entry grows past bench/size-budget.json.
// The frameworks a binding serves are always the app's own (external).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Each public entry's source; every key of package.json "exports" must be here or skipped. */
export const ENTRIES: Readonly<Record<string, string>> = {
  '.': 'src/index.ts',
  './emulator': 'src/emulator/index.ts',
  './react': 'src/bindings/react.ts',
  './vue': 'src/bindings/vue.ts',
  './svelte': 'src/bindings/svelte.ts',
  './angular': 'src/bindings/angular.ts',
  './proxy': 'src/proxy/index.ts',
  './devtools': 'src/devtools/index.ts',
  './persist': 'src/persist/index.ts',
  './changes': 'src/changes/index.ts',
};
/**
 * What apps import, tree-shaken: the bytes an app ships, where an entry's row
 * counts every export. Keys start with "app:" so they never clash with an entry.
 */
export const APPS: Readonly<Record<string, string>> = {
  'app: store + fetch transport': `export { createGroupsStore, createFetchTransport, GroupsError } from './src/index.ts';`,
  'app: the same + React hooks': [
    `export { createGroupsStore, createFetchTransport, GroupsError } from './src/index.ts';`,
    `export { GroupsStoreProvider, useGroupsStore, useGroups, useGroup, useGroupMeta, useListStatus } from './src/bindings/react.ts';`,
  ].join('\n'),
  'app: the same + change feed': [
    `export { createGroupsStore, createFetchTransport, GroupsError } from './src/index.ts';`,
    `export { changeFeed } from './src/changes/index.ts';`,
  ].join('\n'),
  'app: the same + Angular signals': [
    `export { createGroupsStore, createFetchTransport, GroupsError } from './src/index.ts';`,
    `export { provideGroupsStore, injectGroupsStore, injectGroups, injectGroup, injectGroupMeta, injectListStatus } from './src/bindings/angular.ts';`,
  ].join('\n'),
};
/** Node only (`./emulator/node`, `./proxy/node`, `./proxy/redis`) or not code (`./package.json`). */
const SKIPPED = new Set(['./emulator/node', './proxy/node', './proxy/redis', './package.json']);

const FRAMEWORKS = ['react', 'react/*', 'react-dom', 'react-dom/*', 'vue', 'vue/*', 'svelte', 'svelte/*', '@angular/*'];
export const DEPENDENCIES = ['rxjs', 'immer', 'ofetch'] as const;
type Dependency = (typeof DEPENDENCIES)[number];
const externalsOf = (deps: readonly string[]): string[] => [...FRAMEWORKS, ...deps.flatMap((d) => [d, `${d}/*`])];

export interface Bundle {
  readonly minified: number;
  readonly gzip: number;
  readonly metafile: Metafile;
}

/** Bundles an app whose whole source is `contents` (paths relative to the package root). */
export async function bundleApp(contents: string, external: readonly string[]): Promise<Bundle> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: [...external],
    metafile: true,
    logLevel: 'error',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, metafile: result.metafile };
}

/** Bundles an app that re-exports every export of `entry`. */
export function bundle(entry: string, external: readonly string[]): Promise<Bundle> {
  return bundleApp(`export * from ${JSON.stringify(`./${entry}`)};`, external);
}

export interface EntrySize {
  /** A public entry (`.`, `./react`, …) or an app of {@link APPS} (`app: …`). */
  readonly entry: string;
  /** Dependencies external: this package's own code. */
  readonly external: number;
  /** rxjs, immer and ofetch bundled in. */
  readonly bundled: number;
}

export function checkEntries(): void {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
  const unknown = Object.keys(pkg.exports).filter((key) => !SKIPPED.has(key) && !(key in ENTRIES));
  if (unknown.length > 0) throw new Error(`bench/size.ts: no size measured for export ${unknown.join(', ')}: add it to ENTRIES and to bench/size-budget.json`);
}

export async function entrySizes(): Promise<EntrySize[]> {
  checkEntries();
  const sizes: EntrySize[] = [];
  for (const [entry, source] of Object.entries(ENTRIES)) {
    const [external, bundled] = await Promise.all([bundle(source, externalsOf(DEPENDENCIES)), bundle(source, externalsOf([]))]);
    sizes.push({ entry, external: external.gzip, bundled: bundled.gzip });
  }
  for (const [app, contents] of Object.entries(APPS)) {
    const [external, bundled] = await Promise.all([bundleApp(contents, externalsOf(DEPENDENCIES)), bundleApp(contents, externalsOf([]))]);
    sizes.push({ entry: app, external: external.gzip, bundled: bundled.gzip });
  }
  return sizes;
}

function owner(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1] ?? 'this package';
}

export interface CoreShares {
  /** The core bundled with every dependency. */
  readonly total: Bundle;
  /** Gzip bytes each part adds: this package's own code alone, then each dependency on top of it. */
  readonly gzip: ReadonlyArray<{ readonly part: string; readonly bytes: number }>;
  /** Minified bytes in the bundled core, by package (ofetch's own dependencies under their names). */
  readonly minifiedByPackage: ReadonlyArray<{ readonly part: string; readonly bytes: number }>;
  /** Minified bytes of this package's own modules, largest first. */
  readonly ownModules: ReadonlyArray<{ readonly module: string; readonly bytes: number }>;
}

/** Where the core's bundled bytes come from. */
export async function coreShares(): Promise<CoreShares> {
  const source = ENTRIES['.'] as string;
  const own = await bundle(source, externalsOf(DEPENDENCIES));
  const total = await bundle(source, externalsOf([]));
  const gzip: Array<{ part: string; bytes: number }> = [{ part: 'this package', bytes: own.gzip }];
  for (const dep of DEPENDENCIES) {
    const withDep = await bundle(source, externalsOf(DEPENDENCIES.filter((d: Dependency) => d !== dep)));
    gzip.push({ part: dep, bytes: withDep.gzip - own.gzip });
  }
  const output = Object.values(total.metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    byPackage.set(owner(input), (byPackage.get(owner(input)) ?? 0) + bytesInOutput);
  }
  const ownOutput = Object.values(own.metafile.outputs)[0];
  const ownModules = Object.entries(ownOutput?.inputs ?? {})
    .filter(([input]) => !input.includes('node_modules') && input !== 'app.ts')
    .map(([input, { bytesInOutput }]) => ({ module: relative('src', input), bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return {
    total,
    gzip,
    minifiedByPackage: [...byPackage].map(([part, bytes]) => ({ part, bytes })).sort((a, b) => b.bytes - a.bytes),
    ownModules,
  };
}

export type Budget = Record<string, { readonly external: number; readonly bundled: number }>;

export function readBudget(): Budget {
  return JSON.parse(readFileSync(new URL('./size-budget.json', import.meta.url), 'utf8')) as Budget;
}

/** Lines over budget (empty when all fit). */
export function overBudget(sizes: readonly EntrySize[], budget: Budget): string[] {
  const over: string[] = [];
  for (const size of sizes) {
    const limit = budget[size.entry];
    if (!limit) {
      over.push(`${size.entry}: no budget in bench/size-budget.json`);
      continue;
    }
    if (size.external > limit.external) over.push(`${size.entry}: ${size.external} B gzip (dependencies external) is over its budget of ${limit.external} B`);
    if (size.bundled > limit.bundled) over.push(`${size.entry}: ${size.bundled} B gzip (dependencies bundled) is over its budget of ${limit.bundled} B`);
  }
  return over;
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;

export function sizeTable(sizes: readonly EntrySize[], budget: Budget | undefined): string {
  const rows = sizes.map((s) => {
    const limit = budget?.[s.entry];
    return `| ${s.entry.startsWith('app:') ? s.entry : `\`${s.entry}\``} | ${kb(s.external)} | ${kb(s.bundled)} | ${limit ? `${kb(limit.external)} / ${kb(limit.bundled)}` : '-'} |`;
  });
  return ['| entry | min+gzip, dependencies external | min+gzip, rxjs + immer + ofetch bundled | budget (external / bundled) |', '|---|---|---|---|', ...rows].join('\n');
}

async function main(): Promise<void> {
  const sizes = await entrySizes();
  const budget = readBudget();
  console.log('Public entries as a browser app bundles them (esbuild, minified, gzip -9; react, vue, svelte and @angular always external);');
  console.log('an entry counts every export, an "app:" row only what that app imports (the rest is tree-shaken):\n');
  console.log(sizeTable(sizes, budget));
  const over = overBudget(sizes, budget);
  if (over.length > 0) {
    console.error(`\nOver budget:\n${over.map((line) => `- ${line}`).join('\n')}\n\nShrink the entry, or raise its budget in bench/size-budget.json in the same change, saying why.`);
    process.exitCode = 1;
  } else {
    console.log('\nEvery entry is within its budget.');
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
