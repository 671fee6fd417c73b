import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTRACT } from '../contract/contract.js';
import { GroupsError, invalidRequest as invalid } from '../errors.js';
import { quote } from '../input/quote.js';
import { readNodeRequest } from '../node/nodeRequest.js';
import { sendResponse } from '../node/nodeResponse.js';
import { logProxyError } from './errorReport.js';
import type { GroupsProxyHandler } from './groupsProxy.js';
import { DEFAULT_MAX_BODY_BYTES } from './proxyOptions.js';
import { jsonError } from './proxyResponse.js';

/** A request listener for `node:http`'s `createServer`, Express's `app.use`, or Connect-style middleware. */
export type NodeRequestListener = (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void>;

export interface NodeHandlerOptions {
  /**
   * The largest request body read before the proxy sees the request, in
   * bytes, declared by `Content-Length` or counted as it streams in; a larger
   * one is 413 and the connection closed, the rest never read. The proxy's
   * own `maxBodyBytes` still applies: set this one no lower.
   * @default 65536 (64 KiB, the proxy's default maxBodyBytes)
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * Told about a failure on the server's side the adapter answers itself
   * (the body read before the proxy by a body parser; the handler throwing).
   * @default logs one line with `console.error`, as the proxy's own onError
   */
  readonly onError?: ((error: GroupsError) => void) | undefined;
}

/** What the browser gets when the server side fails; the details go to `onError` only. */
const INTERNAL_ERROR = 'internal proxy error';

// What the proxy serves at all, from the contract: the Allow of a 405 to a method no Web Request can carry.
const SERVED_METHODS = [...new Set(Object.values(CONTRACT).map((operation) => operation.method))].join(', ');

function readOptions(options: unknown): { maxBodyBytes: number; onError: (error: GroupsError) => void } {
  if (typeof options !== 'object' || options === null) throw invalid(`invalid toNodeHandler options ${quote(options)}: expected an object`);
  const { maxBodyBytes = DEFAULT_MAX_BODY_BYTES, onError } = options as NodeHandlerOptions;
  if (typeof maxBodyBytes !== 'number' || !Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw invalid(`invalid maxBodyBytes ${quote(maxBodyBytes)}: expected a whole number of bytes`);
  }
  if (onError !== undefined && typeof onError !== 'function') throw invalid(`invalid onError ${quote(onError)}: expected a function`);
  return { maxBodyBytes, onError: onError ?? logProxyError };
}

/**
 * The proxy as a Node request listener: for `http.createServer`, Express or
 * Connect. It turns Node's request into a Web `Request` without ever
 * throwing on what a client sends: a bad or missing `Host`, or a request
 * target that is no path, is 400; `TRACE` and `TRACK` (which no Web Request
 * can carry) are 405; a body over `maxBodyBytes` is 413; every answer of its
 * own is `{ "error": … }`, never cached. The URL is built on the request's
 * `Host` and parsed as every Web Request is: `.`/`..` (also as `%2e`) are
 * resolved and `\` becomes `/` before the proxy matches the path. Under
 * Express, the path is `req.originalUrl`, mount path included. Mount it
 * before any body parser (`express.json()`), which would read the body first.
 *
 * Throws a `validation` GroupsError for options it cannot use.
 *
 * @example
 * import { createServer } from 'node:http'
 * import { toNodeHandler } from 'turso-groups-store/proxy/node'
 * createServer(toNodeHandler(tursoProxy)).listen(3000)
 * // Express: app.use('/api/turso', toNodeHandler(tursoProxy))
 */
export function toNodeHandler(handler: GroupsProxyHandler, options: NodeHandlerOptions = {}): NodeRequestListener {
  if (typeof handler !== 'function') throw invalid(`invalid handler ${quote(handler)}: expected the proxy, (request) => Promise<Response>`);
  const { maxBodyBytes, onError } = readOptions(options);

  function report(detail: string, cause?: unknown): void {
    try {
      onError(new GroupsError({ code: 'server', operation: 'request', detail, cause }));
    } catch {
      // A failing onError must not change the answer the browser gets.
    }
  }

  async function answer(incoming: IncomingMessage, signal: AbortSignal): Promise<Response> {
    // A body parser mounted first has read the stream: waiting for it would wait forever.
    if (incoming.readableEnded) {
      report('the request body was read before the proxy: mount it before any body parser');
      return jsonError(500, INTERNAL_ERROR);
    }
    // Express strips its mount path from `url`; the proxy's basePath is matched against the whole path.
    const originalUrl = (incoming as { originalUrl?: unknown }).originalUrl;
    const read = await readNodeRequest(incoming, { target: typeof originalUrl === 'string' ? originalUrl : undefined, maxBodyBytes, signal });
    if (read.kind === 'method') return jsonError(405, 'method not allowed', { allow: SERVED_METHODS });
    if (read.kind === 'refused') return jsonError(read.status, read.error, read.close ? { connection: 'close' } : {});
    try {
      return await handler(read.request);
    } catch (cause) {
      // The proxy itself never rejects; another handler may.
      report('the handler failed', cause);
      return jsonError(500, INTERNAL_ERROR);
    }
  }

  return async function nodeRequestListener(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const controller = new AbortController();
    // The browser went away before its answer was written: the proxy cancels the upstream call.
    outgoing.once('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    try {
      await sendResponse(await answer(incoming, controller.signal), outgoing);
    } catch {
      // Only the client's stream failing (a dropped upload) or the answer's body failing
      // mid-write gets here: nobody is left to answer, or the status is gone already.
      if (!outgoing.headersSent && !incoming.destroyed && !controller.signal.aborted) {
        await sendResponse(jsonError(400, 'request body could not be read'), outgoing).catch(() => outgoing.destroy());
      } else outgoing.destroy();
    }
  };
}
