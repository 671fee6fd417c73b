import type { ServerResponse } from 'node:http';

/**
 * Writes a Web `Response` to Node's ServerResponse: the status and headers
 * at once (each `Set-Cookie` on its own line), then the body as it comes (a
 * stalled one never ends). Rejects when the body stream fails.
 */
export async function sendResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  outgoing.writeHead(response.status, headers);
  if (response.body) for await (const chunk of response.body) outgoing.write(chunk);
  outgoing.end();
}
