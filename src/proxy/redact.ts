/** What stands where the token was. */
export const REDACTED = '[redacted]';

export function redactText(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join(REDACTED);
}

/**
 * A parsed JSON value with `secret` taken out of every string and key, or
 * the very same value when it held none. Working on the parsed value rather
 * than the text catches the token however the JSON escapes it (`\/`, `\u0041`).
 */
export function redactJson(value: unknown, secret: string): unknown {
  if (typeof value === 'string') return value.includes(secret) ? redactText(value, secret) : value;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => redactJson(item, secret));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  if (typeof value === 'object' && value !== null) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
      const safeKey = redactText(key, secret);
      const safeItem = redactJson(item, secret);
      if (safeKey !== key || safeItem !== item) changed = true;
      return [safeKey, safeItem];
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}
