/**
 * The bytes of a body stream (none for `null`), counted as they come, or
 * `'too_large'` as soon as more than `maxBytes` came in: reading stops there
 * and the stream is cancelled, so the rest is never read, let alone kept.
 * A gzip answer that fetch inflates is counted inflated, as it is read.
 *
 * When `signal` fires, the stream is cancelled too (a fetch whose body is not
 * tied to the signal would otherwise go on reading) and the read rejects
 * with the signal's reason: what came until then is not the whole body.
 */
export async function readBytesWithin(body: ReadableStream<Uint8Array> | null, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array | 'too_large'> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  // Cancelling may fail on a stream that already errored; the outcome is decided either way.
  const cancel = (reason?: unknown): Promise<void> => reader.cancel(reason).catch(() => undefined);
  const onAbort = (): void => void cancel(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      if (signal?.aborted) {
        await cancel(signal.reason);
        throw signal.reason;
      }
      const { done, value } = await reader.read();
      // A cancel by the signal ends the read as if the body were done: it is not.
      if (signal?.aborted) throw signal.reason;
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await cancel();
        return 'too_large';
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
