import { CONTRACT } from '../contract/contract.js';
import { GroupsError, type GroupsErrorCode } from '../errors.js';
import { readForwardedQuery } from './forwardedQuery.js';
import { readBytesWithin } from '../input/boundedBody.js';
import { logProxyError, withoutSecret } from './errorReport.js';
import { isFromAnotherOrigin } from './fetchMetadata.js';
import { isHeaderSafe } from '../input/headerSafe.js';
import { readProxyOptions, type GroupsProxyOptions } from './proxyOptions.js';
import { jsonError } from './proxyResponse.js';
import { belowBasePath, matchProxyRoute, rawPathOf, type ProxyRoute, type RouteMatch } from './proxyRoute.js';
import { bodyMediaTypeOf, isAcceptedContentType } from './contentType.js';
import { declaresMoreThan, readRequestBody } from './requestBody.js';
import { upstreamAnswer } from './upstreamAnswer.js';
import { createChangeFeed, type ChangeFeed } from './changes/changeFeed.js';
import { nameOfCreate, type ForwardOutcome } from './changes/changePublisher.js';
import { readGroups } from '../api/responseShape.js';

/** A Web-standard handler: mount it wherever a `Request` comes in and a `Response` goes out. */
export type GroupsProxyHandler = (request: Request) => Promise<Response>;

/** What the browser gets when the server side fails; the details go to `onError` only. */
const INTERNAL_ERROR = 'internal proxy error';

/** An answer for the browser, and what it says of the upstream call (for the change feed). */
interface Forwarded {
  readonly response: Response;
  readonly outcome: ForwardOutcome;
}

const UNKNOWN: ForwardOutcome = { kind: 'unknown' };

/**
 * A handler for your backend that forwards the Groups routes of one
 * organization (and the locations list) to the Turso Platform API, adding
 * `Authorization: Bearer <token>`, so that browsers never hold the token.
 *
 * Per request, in order: the method and the raw path must name a route of
 * an operation below `basePath` (else 404, or 405 with `Allow`), one of
 * `operations` (else 403); a request another origin made (`Sec-Fetch-Site`) is 403; a `Content-Type` other than
 * JSON is 415 (but text/plain, which fetch gives a string body, is taken
 * from a request no other origin made), a declared length over
 * `maxBodyBytes` 413, a bad `expiration` or `authorization` 400. Only then `authorize` runs, then the body is read
 * (bounded), then the token is read, and the request is sent upstream on a
 * URL rebuilt from the checked parts, with the checked query and body and no
 * header of the browser's. The upstream's status, `Retry-After` and JSON body
 * (read up to `maxAnswerBytes`, checked, and serialized again) come back;
 * every error of the proxy's own is `{ "error": … }`, and the token is in
 * none of them.
 *
 * Throws a `validation` GroupsError for options it cannot use.
 *
 * @example
 * const proxy = createGroupsProxy({
 *   org: 'my-org',
 *   token: () => process.env.TURSO_API_TOKEN,
 *   authorize: async (request) => (await getSession(request))?.isAdmin === true,
 *   basePath: '/api/turso',
 * })
 * // Next.js app/api/turso/[...path]/route.ts: export { proxy as GET, proxy as POST, proxy as DELETE }
 */
export function createGroupsProxy(options: GroupsProxyOptions): GroupsProxyHandler {
  const settings = readProxyOptions(options);
  const onError = settings.onError ?? logProxyError;
  // The token as this proxy knows it, taken out of every report whoever quotes it (authorize,
  // a getter, a fetch): the configured string, or what the getter returned last.
  let knownToken = typeof settings.token === 'string' ? settings.token : undefined;

  function report(route: ProxyRoute | undefined, code: GroupsErrorCode, detail: string, extra: { cause?: unknown; status?: number; token?: string } = {}): void {
    const error = new GroupsError({ code, operation: route?.operation ?? 'request', group: route?.group, detail, status: extra.status, cause: extra.cause });
    try {
      onError(withoutSecret(error, [extra.token, knownToken]));
    } catch {
      // A failing onError must not change the answer the browser gets.
    }
  }

  function matchRequest(request: Request): RouteMatch {
    const path = rawPathOf(request.url);
    const below = path === undefined ? undefined : belowBasePath(path, settings.basePath);
    return below === undefined ? { kind: 'none' } : matchProxyRoute(request.method, below, settings.org);
  }

  /** The token, or the 500 to answer when there is none to use. */
  async function readToken(route: ProxyRoute): Promise<string | Response> {
    let token: unknown;
    try {
      token = typeof settings.token === 'function' ? await settings.token() : settings.token;
    } catch (cause) {
      report(route, 'server', 'the token getter failed', { cause });
      return jsonError(500, INTERNAL_ERROR);
    }
    if (typeof token !== 'string' || token === '') {
      report(route, 'server', 'the token getter returned no token');
      return jsonError(500, INTERNAL_ERROR);
    }
    if (!isHeaderSafe(token)) {
      report(route, 'server', 'the token is not a valid header value');
      return jsonError(500, INTERNAL_ERROR);
    }
    knownToken = token;
    return token;
  }

  async function forward(route: ProxyRoute, search: string, body: string | undefined, token: string, client: AbortSignal): Promise<Forwarded> {
    // Only these headers: nothing of the browser's (cookies, its own Authorization, Host, X-Forwarded-*) goes on.
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      settings.timeout > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort(new DOMException(`no answer within ${settings.timeout} ms`, 'TimeoutError'));
          }, settings.timeout)
        : undefined;
    // A browser that went away needs no answer: stop the upstream call too.
    const onClientGone = (): void => controller.abort(client.reason);
    if (client.aborted) onClientGone();
    else client.addEventListener('abort', onClientGone, { once: true });
    try {
      const fetchImpl = settings.fetch ?? globalThis.fetch;
      const response = await fetchImpl(`${settings.upstream}${route.path}${search}`, {
        method: route.method,
        headers,
        body: body ?? null,
        // Following a redirect would send the token wherever it points.
        redirect: 'manual',
        signal: controller.signal,
      });
      // Bounded and tied to the timeout: a huge (or inflating) answer is never buffered whole.
      const bytes = await readBytesWithin(response.body, settings.maxAnswerBytes, controller.signal);
      if (bytes === 'too_large') {
        report(route, 'bad_response', `the upstream answered ${response.status} with a body over maxAnswerBytes (${settings.maxAnswerBytes} bytes)`, { status: response.status, token });
        return { response: jsonError(502, 'upstream answer too large'), outcome: UNKNOWN };
      }
      const answer = upstreamAnswer(response.status, response.headers, new TextDecoder().decode(bytes), token);
      if (answer.kind === 'bad') {
        report(route, 'bad_response', answer.detail, { status: response.status, token });
        return { response: jsonError(502, 'bad upstream response'), outcome: UNKNOWN };
      }
      // Relayed as is, but the operator should hear that the upstream refuses the token:
      // no browser can fix that, and to the browser it looks like its own session failed.
      if (response.status === 401) report(route, 'unauthorized', 'the upstream refused the token', { status: 401, token });
      if (response.status === 403) report(route, 'forbidden', 'the upstream refused the token access to the organization', { status: 403, token });
      return { response: answer.response, outcome: { kind: 'answered', status: response.status, body: answer.body } };
    } catch (cause) {
      if (timedOut) {
        report(route, 'timeout', `the upstream did not answer within ${settings.timeout} ms`, { token });
        return { response: jsonError(504, 'upstream timeout'), outcome: UNKNOWN };
      }
      // Nobody reads this answer, and the browser leaving is no failure of ours: nothing is reported.
      if (client.aborted) return { response: jsonError(499, 'request aborted'), outcome: UNKNOWN };
      report(route, 'network', 'the upstream could not be reached', { cause, token });
      return { response: jsonError(502, 'upstream unreachable'), outcome: UNKNOWN };
    } finally {
      clearTimeout(timer);
      client.removeEventListener('abort', onClientGone);
    }
  }

  /** Who asks: `undefined` to go on, else the answer that refuses. */
  async function refusal(request: Request, route: ProxyRoute | undefined): Promise<Response | undefined> {
    let verdict: unknown;
    try {
      verdict = await settings.authorize(request);
    } catch (cause) {
      // Fail closed: a session check that broke lets nothing through.
      report(route, 'server', 'authorize threw', { cause });
      return jsonError(500, INTERNAL_ERROR);
    }
    if (verdict instanceof Response) return verdict;
    if (verdict !== true) return jsonError(401, 'unauthorized');
    return undefined;
  }

  // The change feed: the upstream list it polls goes through `forward`, as a browser's list would.
  const feed: ChangeFeed | undefined =
    settings.changes === undefined
      ? undefined
      : createChangeFeed({
          org: settings.org,
          settings: settings.changes,
          report: (detail, cause) => report(undefined, 'server', detail, { cause }),
          list: async () => {
            const route = matchProxyRoute('GET', `/v1/organizations/${encodeURIComponent(settings.org)}/groups`, settings.org);
            if (route.kind !== 'route') return undefined;
            const token = await readToken(route.route);
            if (token instanceof Response) return undefined;
            const { outcome } = await forward(route.route, '', undefined, token, new AbortController().signal);
            if (outcome.kind !== 'answered' || outcome.status !== 200) return undefined;
            try {
              return readGroups(outcome.body);
            } catch (cause) {
              report(route.route, 'bad_response', 'the upstream poll got a list it could not read', { cause });
              return undefined;
            }
          },
        });

  /** The change feed's stream, checked as every other request is. */
  async function serveFeed(request: Request, changeFeed: ChangeFeed): Promise<Response> {
    if (request.method !== 'GET') return jsonError(405, 'method not allowed', { allow: 'GET' });
    if (isFromAnotherOrigin(request.headers)) return jsonError(403, 'cross-origin request refused');
    if (!isAcceptedContentType(request.headers)) return jsonError(415, 'content-type must be application/json');
    return (await refusal(request, undefined)) ?? changeFeed.serve(request);
  }

  async function handle(request: Request): Promise<Response> {
    if (feed !== undefined && rawPathOf(request.url) === `${settings.basePath}/changes`) return serveFeed(request, feed);
    // What is asked, checked before anyone's code runs and before a byte is read.
    const match = matchRequest(request);
    if (match.kind === 'none') return jsonError(404, 'not found');
    if (match.kind === 'method') return jsonError(405, 'method not allowed', { allow: match.allow });
    const { route } = match;
    if (!settings.operations.has(route.operation)) return jsonError(403, 'operation not forwarded');
    if (isFromAnotherOrigin(request.headers)) return jsonError(403, 'cross-origin request refused');
    // Also on routes without a body: a form post from another site is never one of ours.
    if (!isAcceptedContentType(request.headers)) return jsonError(415, 'content-type must be application/json');
    if (declaresMoreThan(request.headers, settings.maxBodyBytes)) return jsonError(413, 'request body too large');
    const contract = CONTRACT[route.operation];
    // Only the parameters the operation takes (the mint's expiration and authorization), each checked.
    const query = readForwardedQuery(contract.query, new URL(request.url).searchParams);
    if ('error' in query) return jsonError(400, query.error);

    // Who asks.
    const refused = await refusal(request, route);
    if (refused !== undefined) return refused;

    // Read only on the operations the contract gives a body; any other route's body is never read nor forwarded.
    let body: string | undefined;
    if (contract.body !== 'none') {
      if (request.bodyUsed) {
        report(route, 'server', 'authorize read the request body; the proxy reads it after authorize');
        return jsonError(500, INTERNAL_ERROR);
      }
      // Only the client's stream failing (a dropped upload) rejects here: its fault, not one to report.
      const read = await readRequestBody(request, bodyMediaTypeOf(request.headers), settings.maxBodyBytes).catch(() => undefined);
      if (read === undefined) return jsonError(400, 'request body could not be read');
      if (read.kind === 'refused') return jsonError(read.status, read.error);
      if (read.kind === 'json') body = read.text;
    }

    const token = await readToken(route);
    if (token instanceof Response) return token;
    const forwardedAt = await feed?.forwarding(route.operation);
    const { response, outcome } = await forward(route, query.search, body, token, request.signal);
    if (feed === undefined) return response;
    return feed.stamp(route.operation, route.operation === 'create' ? nameOfCreate(body) : route.group, outcome, response, forwardedAt);
  }

  return async function groupsProxy(request: Request): Promise<Response> {
    try {
      return await handle(request);
    } catch (cause) {
      // Only a bug of the proxy's gets here; the handler itself never rejects.
      report(undefined, 'server', 'the proxy failed', { cause });
      return jsonError(500, INTERNAL_ERROR);
    }
  };
}
