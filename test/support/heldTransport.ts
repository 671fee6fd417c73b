import type { Transport, TransportRequest } from '../../src/index.js';

/**
 * A transport that never answers: each request waits until its signal aborts
 * it. For tests of who gives a request up, and when.
 */
export function heldTransport(): Transport & { readonly calls: TransportRequest[] } {
  const calls: TransportRequest[] = [];
  const transport = (request: TransportRequest): Promise<unknown> => {
    calls.push(request);
    return new Promise((_, reject) => {
      const { signal } = request;
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return Object.assign(transport, { calls });
}
