/**
 * Whether `value` behaves as an AbortSignal: a boolean `aborted` and the two
 * listener methods. Duck-typed on purpose: Node, a worker and a page under
 * happy-dom each have their own AbortSignal class, so `instanceof` would
 * refuse a real signal from another one. Reading a hostile value may throw
 * (a getter, a Proxy); callers catch it.
 */
export function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof value !== 'object' || value === null) return false;
  const signal = value as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown };
  return (
    typeof signal.aborted === 'boolean' &&
    typeof signal.addEventListener === 'function' &&
    typeof signal.removeEventListener === 'function'
  );
}
