// A built dashboard served from its folder: the files Vite wrote, and
// index.html for any other page path (the app routes on the client).
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * What every page and asset is sent with. The page shows a freshly minted
 * database token: no script but its own, no framing, no referrer.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function missingBuild(root: string): Response {
  const html = `<!doctype html><meta charset="utf-8"><title>Dashboard not built</title>
<p>There is no build in <code>${root}</code>: run <code>npm run build:examples</code> (or <code>npm start</code>, which builds it).</p>`;
  return new Response(html, { status: 503, headers: { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8' } });
}

/** Answers a GET or HEAD under `root`: the file, index.html for a page path, 404 for a missing asset. */
export function staticFiles(root: string): (url: URL) => Promise<Response> {
  const index = join(root, 'index.html');
  return async (url) => {
    if (!(await isFile(index))) return missingBuild(root);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return new Response('bad path', { status: 400, headers: PAGE_HEADERS });
    }
    // normalize() folds `..`; anything that still leaves the root is not ours to serve.
    const file = normalize(join(root, path));
    const inside = file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
    if (!inside || path.includes('\0')) return new Response('not found', { status: 404, headers: PAGE_HEADERS });
    const extension = extname(file);
    if (await isFile(file)) {
      // Vite fingerprints what it puts in assets/: those can be kept; the page itself is asked for each time.
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      const headers = { ...PAGE_HEADERS, 'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream', 'cache-control': cache };
      return new Response(await readFile(file), { headers });
    }
    // A missing asset is a 404; any other path is a page of the app.
    if (extension !== '' && extension !== '.html') return new Response('not found', { status: 404, headers: PAGE_HEADERS });
    return new Response(await readFile(index), { headers: { ...PAGE_HEADERS, 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-cache' } });
  };
}
