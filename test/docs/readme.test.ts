// The README's code, as a reader would follow it: every marked block (see
// readmeBlocks.ts) is written out, type-checked with the project's TypeScript
// and settings, and, unless marked `check`, run with tsx in a child process
// against the emulator (in memory or on loopback; a preload refuses any other
// host). The README's Vue and Svelte components are compiled as an app's
// build would, and the server-rendering programs render them (Angular's at
// run time, by its JIT compiler). A block that no
// longer compiles, throws, or leaves something open so that its process never
// ends fails here, named by its README line.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileScript, parse } from '@vue/compiler-sfc';
import { compile } from 'svelte/compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atReadmeLines, readmeFiles, type ReadmeFile } from './readmeBlocks.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository, so the package's names resolve through tsconfig's paths
// as they do for the examples; below a dot folder, which tsc's include globs
// skip; one folder per run, so two runs at once never write over each other.
const OUT = join(ROOT, 'test/docs/.readme-blocks', `run-${process.pid}`);

const files = readmeFiles(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const atReadme = (text: string): string => atReadmeLines(text, files, OUT);

// Markers are easy to lose in an edit: the list is part of the test.
const EXPECTED = [
  ['quick-start.ts', 'run'],
  ['quick-start-turso.ts', 'check'],
  ['external-store.tsx', 'check'],
  ['live-data.ts', 'run'],
  ['manual-environment.ts', 'run'],
  ['persist-browser.ts', 'check'],
  ['persist.ts', 'run'],
  ['react/ssr.tsx', 'run'],
  ['vue/main.ts', 'check'],
  ['vue/GroupList.vue', 'component'],
  ['vue/GroupRow.vue', 'component'],
  ['svelte/main.ts', 'check'],
  ['svelte/GroupList.svelte', 'component'],
  ['svelte/GroupRow.svelte', 'component'],
  ['angular/main.ts', 'check'],
  ['angular/group-list.ts', 'check'],
  ['hand-over.ts', 'run'],
  ['react/page.tsx', 'check'],
  ['vue/ssr.ts', 'run'],
  ['vue/page.ts', 'check'],
  ['svelte/ssr.ts', 'run'],
  ['svelte/page.ts', 'check'],
  ['angular/ssr.ts', 'run'],
  ['angular/page.ts', 'check'],
  ['devtools.ts', 'check'],
  ['api-client.ts', 'run'],
  ['emulator-organizations.ts', 'run'],
  ['emulator.ts', 'run'],
  ['change-feed.ts', 'check'],
  ['change-feed-store.ts', 'run'],
] as const;

function run(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** What compiling a component for the page reports: Svelte's warnings, Vue's errors. */
function pageCompileProblems(file: ReadmeFile): string[] {
  const filename = join(OUT, file.path);
  if (file.path.endsWith('.svelte')) {
    return compile(file.source, { filename, generate: 'client', dev: true }).warnings.map((w) => `${w.code}: ${w.message}`);
  }
  const { descriptor, errors } = parse(file.source, { filename });
  if (errors.length > 0) return errors.map((e) => e.message);
  try {
    compileScript(descriptor, { id: filename, inlineTemplate: true });
    return [];
  } catch (error) {
    return [String(error)];
  }
}

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  for (const file of files) {
    const path = join(OUT, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.kind === 'component' ? file.source : `${file.source}export {};\n`);
  }
  // What a Vue or Svelte app's build gives tsc for a component import.
  writeFileSync(
    join(OUT, 'shims.d.ts'),
    [
      `declare module '*.vue' { const component: import('vue').Component; export default component; }`,
      `declare module '*.svelte' { const component: import('svelte').Component<Record<string, unknown>>; export default component; }`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(OUT, 'tsconfig.json'),
    // The project's settings, but a snippet may make a value for the reader to use later.
    JSON.stringify({ extends: '../../../../tsconfig.json', compilerOptions: { noUnusedLocals: false }, include: ['**/*.ts', '**/*.tsx'] }, null, 2),
  );
});

describe('the README', () => {
  it('marks the blocks this test checks', () => {
    expect(files.map((f) => [f.path, f.kind])).toEqual(EXPECTED);
  });

  it('its programs type-check', async () => {
    const { code, output } = await run([join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(OUT, 'tsconfig.json')]);
    expect(atReadme(output)).toBe('');
    expect(code).toBe(0);
  }, 120_000);

  it('its components compile for the page with no warning', () => {
    const problems = files.filter((f) => f.kind === 'component').flatMap((f) => pageCompileProblems(f).map((problem) => `${f.path}: ${problem}`));
    expect(problems).toEqual([]);
  });

  it.each(files.filter((f) => f.kind === 'run').map((f) => [f.path, f] as const))(
    'runs %s to the end',
    async (_, file) => {
      const { code, output } = await run(
        ['--import', 'tsx', '--import', './test/docs/registerComponentHooks.ts', '--import', './test/docs/noNetwork.ts', join(OUT, file.path)],
        // tsx compiles with the programs' own tsconfig (the README's JSX is react-jsx).
        { TSX_TSCONFIG_PATH: join(OUT, 'tsconfig.json') },
      );
      expect({ code, output: code === 0 ? '' : atReadme(output) }).toEqual({ code: 0, output: '' });
    },
    120_000,
  );
});

describe('reading the README', () => {
  const readme = [
    'Prose.',
    '<!-- readme-test: demo',
    "const org = 'demo';",
    '-->',
    '<!-- readme-test: demo -->',
    '```ts',
    'console.log(org);',
    '```',
    '<!-- readme-test: ui/Row.svelte -->',
    '```svelte',
    '<p>row</p>',
    '```',
    '```ts',
    'unmarked();',
    '```',
  ].join('\n');

  it('joins a program’s hidden and shown code in order, keeps components apart, and skips unmarked blocks', () => {
    expect(readmeFiles(readme)).toEqual([
      { path: 'demo.ts', kind: 'run', source: "const org = 'demo';\nconsole.log(org);\n", readmeLines: [3, 7] },
      { path: 'ui/Row.svelte', kind: 'component', source: '<p>row</p>\n', readmeLines: [11] },
    ]);
  });

  it('refuses a marker it cannot follow, naming its line', () => {
    const errors = [
      '<!-- readme-test: a -->\nprose',
      '<!-- readme-test: a -->\n```ts\nx',
      '<!-- readme-test: a\nx',
      '<!-- readme-test: a -->\n```ts\n```\n<!-- readme-test: a check -->\n```ts\n```',
      '<!-- readme-test: a.vue -->\n```svelte\n```',
    ].map((text) => {
      try {
        readmeFiles(text);
        return 'read';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(errors).toEqual([
      'README.md:1: a is not followed by a ```ts or ```tsx block',
      'README.md:2: the block of a is not closed',
      'README.md:1: the hidden code of a has no closing -->',
      'README.md:4: a is marked both run and check',
      'README.md:1: a.vue is not followed by a ```vue block',
    ]);
  });

  it('names a written file’s lines as the README’s', () => {
    const read = readmeFiles(readme);
    const output = ['test/docs/.readme-blocks/demo.ts(2,13): error TS2304', 'at file:///r/test/docs/.readme-blocks/demo.ts:1:7', 'other.ts:3'].join('\n');
    expect(atReadmeLines(output, read, '/r/test/docs/.readme-blocks')).toBe(
      ['README.md:7 (demo.ts): error TS2304', 'at README.md:3 (demo.ts)', 'other.ts:3'].join('\n'),
    );
  });
});
