#!/usr/bin/env node
// The turso-groups-emulator command. An installed package runs its build
// (dist/cli.js). A checkout of the repository has no build until `npm run
// build`, so there it runs the TypeScript source through tsx (a
// devDependency): `npx turso-groups-emulator` works in a fresh clone and is
// never a stale build of older source.
import { existsSync } from 'node:fs';

const source = new URL('../src/emulator/cli.ts', import.meta.url);

if (existsSync(source)) {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport(source.href, import.meta.url);
} else {
  await import('../dist/cli.js');
}
