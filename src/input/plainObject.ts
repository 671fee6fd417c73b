/**
 * A plain object: made by `{}`, `JSON.parse` or `Object.create(null)`, in
 * this realm or another (an iframe's), so neither an array, a function, a
 * Date, a class instance nor `{ __proto__: fields }`. Throws if
 * `value` is a Proxy whose trap throws; callers catch it.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}
