import { CORS_HEADERS } from './cors.js';
import type { Answer } from './emulatedGroups.js';

/** An answer as a `Response`: JSON when it has a body, and CORS headers always, so a page can read errors too. */
export function respond(answer: Answer, extraHeaders: Record<string, string> = {}): Response {
  const headers: Record<string, string> = { ...CORS_HEADERS, ...extraHeaders };
  if (answer.body === undefined) return new Response(null, { status: answer.status, headers });
  headers['content-type'] = 'application/json';
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}

/** 405, with the `Allow` header HTTP requires on it. */
export function methodNotAllowed(allow: string): Response {
  return respond({ status: 405, body: { error: 'method not allowed' } }, { allow });
}
