import type { Transport, TransportRequest } from '../../src/index.js';

/** A transport that records what reaches it and answers with a fixed body. */
export function recordingTransport(answer: unknown = {}): Transport & { readonly calls: TransportRequest[] } {
  const calls: TransportRequest[] = [];
  const transport = async (request: TransportRequest): Promise<unknown> => {
    calls.push(request);
    return answer;
  };
  return Object.assign(transport, { calls });
}
