/** A whole number from `min` to `max`, or `fallback` for an empty or unreadable field: what a server panel's number field holds, read when its form is sent. */
export function clampInt(value: string, min: number, max: number, fallback: number): number {
  const n = Math.round(Number(value));
  return value.trim() === '' || !Number.isFinite(n) ? fallback : Math.min(max, Math.max(min, n));
}
