// Node module hooks for the README programs the docs test runs (registered by
// registerComponentHooks.ts): a `.vue` or `.svelte` file the README shows is
// compiled for the server, as an app's build would, so the server-rendering
// snippets render the README's own components. Registered after tsx, so these
// run first and hand everything else on to it.
import { readFileSync } from 'node:fs';
import type { LoadHook } from 'node:module';
import { fileURLToPath } from 'node:url';

// The compilers are imported when a component is first loaded: most programs load none.
export const load: LoadHook = async (url, context, nextLoad) => {
  if (url.endsWith('.svelte')) {
    const filename = fileURLToPath(url);
    const { compile } = await import('svelte/compiler');
    const { js, warnings } = compile(readFileSync(filename, 'utf8'), { filename, generate: 'server' });
    if (warnings.length > 0) throw new Error(`${filename}: ${warnings.map((w) => w.message).join('; ')}`);
    return { format: 'module', source: js.code, shortCircuit: true };
  }
  if (url.endsWith('.vue')) {
    const filename = fileURLToPath(url);
    const [{ compileScript, parse }, { transform }] = await Promise.all([import('@vue/compiler-sfc'), import('esbuild')]);
    const { descriptor, errors } = parse(readFileSync(filename, 'utf8'), { filename });
    if (errors.length > 0) throw new Error(`${filename}: ${errors.map((e) => e.message).join('; ')}`);
    // The template compiled into setup for the server renderer, as Vite's plugin does for SSR.
    const script = compileScript(descriptor, { id: filename, inlineTemplate: true, templateOptions: { ssr: true, ssrCssVars: [] } });
    const { code } = await transform(script.content, { loader: 'ts', format: 'esm', sourcefile: filename });
    return { format: 'module', source: code, shortCircuit: true };
  }
  return nextLoad(url, context);
};
