import type { HttpMethod } from './transport.js';

// A read has no effect on the server, so any transient failure may be retried.
const READ_RETRY_STATUSES = [408, 425, 429, 500, 502, 503, 504];
// A mutation may already have taken effect when it fails, unless the server
// said it refused to act: 429 and 503 are answered before any work is done.
const MUTATION_RETRY_STATUSES = [429, 503];

export function retryStatuses(method: HttpMethod): number[] {
  return method === 'GET' ? READ_RETRY_STATUSES : MUTATION_RETRY_STATUSES;
}

/**
 * `Retry-After` in milliseconds: delay-seconds or an HTTP date.
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The default wait before retry number `attempt` (0-based): 300 ms doubling
 * each time, capped at 10 s, with "equal jitter" (half fixed, half random) so
 * that many clients failing together do not retry together.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(10_000, 300 * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
