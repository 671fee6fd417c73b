// Builds examples/angular with Angular's own build (@angular/build:application),
// run from its angular.json by Architect, the runner `ng build` uses. Both
// live in the example's workspace (Angular's compiler needs TypeScript 5.9,
// the project checks itself with 7), so they are loaded from there: what
// @angular/build depends on, not what this package does.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as ArchitectApi from '@angular-devkit/architect';
import type * as ArchitectNode from '@angular-devkit/architect/node';
import type * as DevkitCore from '@angular-devkit/core';
import type * as DevkitNode from '@angular-devkit/core/node';

const ROOT = fileURLToPath(new URL('../angular/', import.meta.url));
/** The workspace's configuration: one project, `dashboard`, with a `build` target. */
export const ANGULAR_WORKSPACE = join(ROOT, 'angular.json');

interface Runner {
  readonly architect: typeof ArchitectApi;
  readonly node: typeof ArchitectNode;
  readonly core: typeof DevkitCore;
  readonly coreNode: typeof DevkitNode;
}

/** Architect and the devkit, resolved from @angular/build as installed in the example's workspace. */
function loadRunner(): Runner {
  const fromWorkspace = createRequire(join(ROOT, 'package.json'));
  const fromBuild = createRequire(fromWorkspace.resolve('@angular/build/package.json'));
  const fromArchitect = createRequire(fromBuild.resolve('@angular-devkit/architect/package.json'));
  return {
    architect: fromBuild('@angular-devkit/architect') as typeof ArchitectApi,
    node: fromBuild('@angular-devkit/architect/node') as typeof ArchitectNode,
    core: fromArchitect('@angular-devkit/core') as typeof DevkitCore,
    coreNode: fromArchitect('@angular-devkit/core/node') as typeof DevkitNode,
  };
}

/**
 * Builds `examples/angular` into its `dist`, as `ng build` would; the
 * builder's warnings and errors are printed. Throws when the build fails.
 */
export async function buildAngularDashboard(logLevel: 'info' | 'warn' = 'warn'): Promise<void> {
  if (!existsSync(ANGULAR_WORKSPACE)) throw new Error(`there is no ${ANGULAR_WORKSPACE} to build`);
  const { architect, node, core, coreNode } = loadRunner();
  const shown: ReadonlySet<string> = new Set(logLevel === 'info' ? ['info', 'warn', 'error', 'fatal'] : ['warn', 'error', 'fatal']);
  const logger = new core.logging.Logger('build');
  const problems: string[] = [];
  logger.subscribe(({ level, message }) => {
    if (level === 'error' || level === 'fatal') problems.push(message);
    if (!shown.has(level)) return;
    if (level === 'info') console.log(message);
    else if (level === 'warn') console.warn(message);
    else console.error(message);
  });

  const registry = new core.schema.CoreSchemaRegistry();
  registry.addPostTransform(core.schema.transforms.addUndefinedDefaults);
  const { workspace } = await core.workspaces.readWorkspace(ANGULAR_WORKSPACE, core.workspaces.createWorkspaceHost(new coreNode.NodeJsSyncHost()));
  const runner = new architect.Architect(new node.WorkspaceNodeModulesArchitectHost(workspace, ROOT), registry);
  const run = await runner.scheduleTarget({ project: 'dashboard', target: 'build' }, {}, { logger });
  try {
    const result = await run.lastOutput;
    if (!result.success) {
      throw new Error(`Angular's build failed${problems.length > 0 ? `:\n${problems.join('\n')}` : ` (${result.error ?? 'no reason given'})`}`);
    }
  } finally {
    await run.stop();
  }
}
