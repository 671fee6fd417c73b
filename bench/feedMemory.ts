// The memory one listening browser costs the proxy: its heap after N SSE
// connections are open (each past its hello) minus its heap before, over
// N. The browsers are another process, so that only the proxy's side is
// counted: its Node socket and response, the stream and its buffer, the bus
// subscription. Needs --expose-gc.
//
//   node --expose-gc --import tsx bench/feedMemory.ts [connections]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createPlatformEmulator } from '../src/emulator/index.js';
import { listen } from '../src/emulator/node.js';
import { createGroupsProxy } from '../src/proxy/index.js';
import { toNodeHandler } from '../src/proxy/node.js';

export interface FeedMemory {
  readonly connections: number;
  /** Heap used (after a full GC) per connected browser, in bytes. */
  readonly heapPerConnection: number;
  /** The process's resident set per connected browser, in bytes (rougher: the allocator keeps pages). */
  readonly rssPerConnection: number;
}

// The browsers: N streams from one child process, each read until its hello; it says "ready", then holds them.
const BROWSERS = `
import { request } from 'node:http';
const [url, count] = [process.argv[1], Number(process.argv[2])];
let ready = 0;
for (let i = 0; i < count; i++) {
  const req = request(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
    let seen = '';
    const onData = (chunk) => {
      seen += chunk;
      if (seen.includes('event: hello')) {
        res.off('data', onData);
        res.resume();
        if (++ready === count) process.stdout.write('ready\\n');
      }
    };
    res.setEncoding('utf8').on('data', onData);
  });
  req.end();
}
process.stdin.resume();
`;

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run with node --expose-gc');
  collect();
  collect();
}

/** Opens `connections` browsers' streams on a proxy with its feed on, and measures what they cost it. */
export async function measureFeedMemory(connections = 200): Promise<FeedMemory> {
  const emulator = createPlatformEmulator({ org: 'bench', token: 'bench-token', groups: [{ name: 'default', locations: ['lhr'] }] });
  const upstream = await listen(emulator);
  const proxy = createGroupsProxy({ org: 'bench', token: 'bench-token', upstream: upstream.url, authorize: () => true, changes: { pollInterval: 0 } });
  const server = createServer(toNodeHandler(proxy));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  // One stream first, so that what every stream shares (the feed, its timer, the code) is there before.
  const warm = spawn(process.execPath, ['--input-type=module', '-e', BROWSERS, `http://127.0.0.1:${port}/changes`, '1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await once(warm.stdout, 'data');
  gc();
  const before = process.memoryUsage();
  const browsers = spawn(process.execPath, ['--input-type=module', '-e', BROWSERS, `http://127.0.0.1:${port}/changes`, String(connections)], { stdio: ['pipe', 'pipe', 'inherit'] });
  await once(browsers.stdout, 'data');
  // Let the last writes settle, then collect what is garbage.
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  const after = process.memoryUsage();
  browsers.kill();
  warm.kill();
  server.closeAllConnections();
  server.close();
  await upstream.close();
  return {
    connections,
    heapPerConnection: Math.round((after.heapUsed - before.heapUsed) / connections),
    rssPerConnection: Math.round((after.rss - before.rss) / connections),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const connections = Number(process.argv[2] ?? 200);
  const result = await measureFeedMemory(connections);
  console.log(`${result.connections} browsers listening: ${(result.heapPerConnection / 1024).toFixed(1)} KiB of heap each (RSS ${(result.rssPerConnection / 1024).toFixed(1)} KiB each)`);
  process.exit(0);
}
