/**
 * `work`, or a rejection with the signal's reason as soon as `signal` fires:
 * for work that does not take the signal itself, such as reading a body with
 * a fetch that does not tie the body to the signal (so a timeout also covers
 * an answer that sends headers and then stalls) or a token getter.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    // Handled even when aborted already, so a later failure of `work` is never unhandled.
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
