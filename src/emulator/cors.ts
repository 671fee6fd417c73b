// The emulator answers CORS as a public API does: any origin, no cookies
// (the bearer token travels in a header), and `Retry-After` readable by scripts.

import { SERVED_METHODS } from './routes.js';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Retry-After',
};

export function preflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      // Every method of the contract (src/contract), and OPTIONS.
      'access-control-allow-methods': SERVED_METHODS.join(', '),
      'access-control-allow-headers': 'Authorization, Content-Type, Accept',
      'access-control-max-age': '600',
    },
  });
}
