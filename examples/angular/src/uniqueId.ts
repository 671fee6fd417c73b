let next = 0;

/** An id unique in the page, for a label's `for` and `aria-describedby`: `prefix-3`. */
export function uniqueId(prefix: string): string {
  next += 1;
  return `${prefix}-${next}`;
}
