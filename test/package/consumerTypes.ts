// Part of `npm run lint:package`, after the build: a consumer project imports
// every public entry of the built package and type-checks under each module
// resolution users have, including TypeScript 5's `node10` (no `exports`
// support: the top-level `types` and `typesVersions` must carry it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
const entries = Object.keys(manifest.exports).filter((key) => key !== './package.json');

const dir = mkdtempSync(join(tmpdir(), 'consumer-types-'));
try {
  mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', manifest.name));
  for (const dependency of ['rxjs', 'immer', 'ofetch', 'react', 'vue', 'svelte', '@vue', '@angular', '@types/react', '@types/node']) {
    symlinkSync(join(root, 'node_modules', dependency), join(dir, 'node_modules', dependency));
  }
  const lines = entries.map((entry, i) => `import * as entry${i} from '${manifest.name}${entry.slice(1)}';`);
  lines.push(`export const used = [${entries.map((_, i) => `Object.keys(entry${i}).length`).join(', ')}];`);
  lines.push(`import { createGroupsStore } from '${manifest.name}';`, `import { useGroups } from '${manifest.name}/react';`);
  lines.push(`export const typed: (store: ReturnType<typeof createGroupsStore>) => readonly { name: string }[] = useGroups;`);
  writeFileSync(join(dir, 'consumer.ts'), `${lines.join('\n')}\n`);
  // The package is ESM only: its consumers under node16/nodenext are modules too.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));

  const settings = [
    { compiler: 'typescript5', module: 'commonjs', moduleResolution: 'node10' },
    { compiler: 'typescript5', module: 'node16', moduleResolution: 'node16' },
    { compiler: 'typescript5', module: 'esnext', moduleResolution: 'bundler' },
    { compiler: 'typescript', module: 'nodenext', moduleResolution: 'nodenext' },
    { compiler: 'typescript', module: 'esnext', moduleResolution: 'bundler' },
  ];
  let failed = 0;
  for (const { compiler, module, moduleResolution } of settings) {
    const config = { compilerOptions: { module, moduleResolution, target: 'ES2022', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['consumer.ts'] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
    const tsc = join(root, 'node_modules', compiler, 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    const label = `${compiler === 'typescript5' ? 'TypeScript 5' : 'TypeScript 7'} with moduleResolution ${moduleResolution}`;
    if (result.status === 0) console.log(`types: ${entries.length} entries resolve and type-check under ${label}`);
    else {
      failed += 1;
      console.error(`types: FAILED under ${label}\n${result.stdout}${result.stderr}`);
    }
  }
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
