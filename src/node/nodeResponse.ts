import type { ServerResponse } from 'node:http';

/** Resolves when `outgoing` can take more, or is closed (nobody will take it then). */
function drained(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.on('drain', done);
    outgoing.on('close', done);
  });
}

/**
 * Writes a Web `Response` to Node's ServerResponse: the status and headers
 * at once (each `Set-Cookie` on its own line), then the body chunk by chunk
 * as it comes, each sent at once (an event stream never waits for more),
 * and the next one read only once the socket took the last: a client that
 * reads slowly holds the body's own buffer, not Node's. When the client
 * goes away the body is cancelled (a stalled or endless one never ends by
 * itself). Rejects when the body stream fails.
 */
export async function sendResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  outgoing.writeHead(response.status, headers);
  if (response.body) {
    const reader = response.body.getReader();
    const cancel = (): void => void reader.cancel().catch(() => undefined);
    outgoing.once('close', cancel);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // Gone while the chunk was on its way: what is left is cancelled.
        if (outgoing.destroyed) return cancel();
        if (!outgoing.write(value)) await drained(outgoing);
      }
    } finally {
      outgoing.off('close', cancel);
    }
  }
  outgoing.end();
}
