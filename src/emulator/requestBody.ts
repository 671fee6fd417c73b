import type { Answer } from './emulatedGroups.js';

/** The largest request body the emulator reads, in bytes: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

export const BODY_TOO_LARGE: Answer = { status: 413, body: { error: 'request body too large' } };

/** A body is over the limit when its declared length is, before a byte is read. */
export function declaresTooMuch(headers: Headers, maxBytes: number): boolean {
  const declared = headers.get('content-length');
  return declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes;
}

/**
 * The body as text, or `'too_large'` as soon as more than `maxBytes` came in:
 * reading stops there and the rest is cancelled, never buffered.
 */
export async function readTextWithin(request: Request, maxBytes: number): Promise<string | 'too_large'> {
  if (declaresTooMuch(request.headers, maxBytes)) return 'too_large';
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    received += value.byteLength;
    if (received > maxBytes) {
      // Cancelling can itself fail on a stream that already errored; the answer is 413 either way.
      await reader.cancel().catch(() => undefined);
      return 'too_large';
    }
    text += decoder.decode(value, { stream: true });
  }
}
