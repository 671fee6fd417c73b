// W6: first render in headless Chromium. One page per contender, built with
// esbuild (minified, as an app ships it) into a temp dir and served from
// 127.0.0.1; each page loads 1,000 groups from the in-page emulator and
// renders them with the same plain-DOM code. Timed from navigation start to
// the list on screen, each run in a fresh browser context (no cache).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Library } from './contender.js';
import { median } from './measure.js';
import type { PageResult } from './pages/page.js';

export const PAGES: ReadonlyArray<{ readonly library: Library; readonly entry: string }> = [
  { library: 'this store', entry: 'groupsStore' },
  { library: '@ngneat/elf', entry: 'elf' },
  { library: '@tanstack/query-core', entry: 'tanstack' },
];

export interface FirstRender {
  readonly library: Library;
  /** Median ms from navigation to the list on screen. */
  readonly paintedMs: number;
  /** Median ms from navigation to the list's DOM built. */
  readonly renderedMs: number;
  /** Median ms from navigation until the page's scripts were evaluated and its code began. */
  readonly startedMs: number;
  readonly paintedBy: string;
  /** The page's script, minified and gzipped (emulator included, the same in every page). */
  readonly scriptGzip: number;
  readonly runs: number;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Serves `dir`'s .html and .js files on 127.0.0.1, uncached. */
export function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const name = (request.url ?? '/').split('?')[0]?.replace(/^\//, '') ?? '';
    if (!/^[\w.-]+\.(html|js)$/.test(name)) {
      response.writeHead(404).end();
      return;
    }
    readFile(join(dir, name)).then(
      (body) => {
        const type = name.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8';
        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Bundles bench pages into `dir` as an app ships them: minified, for the browser. */
export async function buildPages(entryPoints: readonly string[], dir: string): Promise<void> {
  await build({
    entryPoints: [...entryPoints],
    outdir: dir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
}

/** Builds the pages, then loads each `runs` times round-robin (after one warm-up round). */
export async function firstRender(runs: number): Promise<FirstRender[]> {
  const dir = await mkdtemp(join(tmpdir(), 'turso-groups-bench-'));
  const pagesDir = fileURLToPath(new URL('./pages/', import.meta.url));
  const server = await serve(dir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    await buildPages(PAGES.map((p) => join(pagesDir, `${p.entry}.ts`)), dir);
    const sizes = new Map<string, number>();
    for (const { entry } of PAGES) {
      sizes.set(entry, gzipSync(await readFile(join(dir, `${entry}.js`)), { level: 9 }).length);
      await writeFile(join(dir, `${entry}.html`), `<!doctype html><meta charset="utf-8"><title>W6 ${entry}</title><ul id="list"></ul><script type="module" src="./${entry}.js"></script>\n`);
    }
    const { port } = server.address() as AddressInfo;
    const results = PAGES.map(() => [] as PageResult[]);
    for (let round = 0; round < runs + 1; round++) {
      for (let k = 0; k < PAGES.length; k++) {
        const i = (round + k) % PAGES.length;
        const page = PAGES[i] as (typeof PAGES)[number];
        const context = await browser.newContext();
        try {
          const tab = await context.newPage();
          await tab.goto(`http://127.0.0.1:${port}/${page.entry}.html`);
          await tab.waitForFunction(() => window.__result !== undefined, undefined, { timeout: 30_000 });
          const result = (await tab.evaluate(() => window.__result)) as PageResult;
          if (result.wrong !== undefined) throw new Error(`W6: ${page.library} rendered the wrong list: ${result.wrong}`);
          if (round > 0) results[i]?.push(result);
        } finally {
          await context.close();
        }
      }
    }
    return PAGES.map((page, i) => {
      const samples = results[i] ?? [];
      return {
        library: page.library,
        paintedMs: median(samples.map((r) => r.paintedAt)),
        renderedMs: median(samples.map((r) => r.renderedAt)),
        startedMs: median(samples.map((r) => r.startedAt)),
        paintedBy: [...new Set(samples.map((r) => r.paintedBy))].join(', '),
        scriptGzip: sizes.get(page.entry) ?? Number.NaN,
        runs: samples.length,
      };
    });
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}
