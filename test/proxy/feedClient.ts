import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { afterEach } from 'vitest';
import { SESSION } from './proxyHarness.js';

// A browser's EventSource, played over node:http on its own connection, so
// that a test can read every byte the proxy sent, pause reading (a slow
// browser) or drop the connection.

/** One SSE frame as sent: its fields, `data` parsed as JSON. */
export interface FeedFrame {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: unknown;
}

export interface FeedClient {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Every frame with an `event:` so far, in order (comments and `retry:` are in `raw` only). */
  readonly frames: FeedFrame[];
  /** Every byte received so far, as text. */
  raw(): string;
  /** Whether the proxy ended the stream. */
  ended(): boolean;
  /** Resolves once `predicate` holds for the frames received (checked on each chunk). */
  until(predicate: (frames: readonly FeedFrame[]) => boolean, timeoutMs?: number): Promise<readonly FeedFrame[]>;
  /** Resolves when the proxy ends the stream. */
  end(timeoutMs?: number): Promise<void>;
  pause(): void;
  resume(): void;
  /** Drops the connection, as a closed tab does. */
  close(): void;
}

export interface OpenFeedOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** A query to add, e.g. `?lastEventId=…`. */
  readonly search?: string;
  /** Start paused: read nothing after the headers. */
  readonly paused?: boolean;
}

const open: Array<{ request: ClientRequest; response: IncomingMessage | undefined }> = [];

afterEach(() => {
  for (const { request, response } of open.splice(0)) {
    response?.destroy();
    request.destroy();
  }
});

function parseFrame(block: string): FeedFrame | undefined {
  let event: string | undefined;
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 0) continue;
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return event === undefined ? undefined : { event, id, data: data.length > 0 ? (JSON.parse(data.join('\n')) as unknown) : undefined };
}

/** Opens `{base}/changes` (base: the proxy's URL with its basePath) with the tests' session cookie. */
export function openFeed(base: string, options: OpenFeedOptions = {}): Promise<FeedClient> {
  const url = new URL(`${base}/changes${options.search ?? ''}`);
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      headers: { cookie: SESSION, accept: 'text/event-stream', 'sec-fetch-site': 'same-origin', ...options.headers },
      agent: false,
    });
    const entry: { request: ClientRequest; response: IncomingMessage | undefined } = { request, response: undefined };
    open.push(entry);
    request.on('error', reject);
    request.on('response', (response) => {
      entry.response = response;
      const frames: FeedFrame[] = [];
      const chunks: Buffer[] = [];
      let pending = '';
      let ended = false;
      const waiters = new Set<() => void>();
      const wake = (): void => {
        for (const waiter of [...waiters]) waiter();
      };
      if (options.paused) response.pause();
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        pending += chunk.toString('utf8');
        let split = pending.indexOf('\n\n');
        while (split >= 0) {
          const frame = parseFrame(pending.slice(0, split));
          if (frame !== undefined) frames.push(frame);
          pending = pending.slice(split + 2);
          split = pending.indexOf('\n\n');
        }
        wake();
      });
      const finish = (): void => {
        ended = true;
        wake();
      };
      response.on('end', finish);
      response.on('close', finish);
      response.on('error', finish);
      function waitFor(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
        return new Promise((done, fail) => {
          const timer = setTimeout(() => {
            waiters.delete(test);
            fail(new Error(`timed out waiting for ${what}; last frames: ${JSON.stringify(frames.slice(-5).map(({ event, id }) => [event, id]))}`));
          }, timeoutMs);
          const test = (): void => {
            if (!check()) return;
            clearTimeout(timer);
            waiters.delete(test);
            done();
          };
          waiters.add(test);
          test();
        });
      }
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        frames,
        raw: () => Buffer.concat(chunks).toString('utf8'),
        ended: () => ended,
        until: async (predicate, timeoutMs = 5_000) => {
          await waitFor(() => predicate(frames), 'frames', timeoutMs);
          return frames;
        },
        end: (timeoutMs = 5_000) => waitFor(() => ended, 'the end of the stream', timeoutMs),
        pause: () => response.pause(),
        resume: () => response.resume(),
        close: () => {
          response.destroy();
          request.destroy();
        },
      });
    });
    request.end();
  });
}

/** The `change` frames' data, in order. */
export function changes(frames: readonly FeedFrame[]): unknown[] {
  return frames.filter((frame) => frame.event === 'change').map((frame) => frame.data);
}

/** Waits until `check` holds, polling every 10 ms. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
