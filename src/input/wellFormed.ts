/**
 * Whether `text` is well-formed UTF-16: every surrogate is half of a pair.
 * A lone one has no UTF-8 form (`encodeURIComponent` throws a URIError on
 * it). `String.prototype.isWellFormed` is ES2024; the library targets ES2022.
 */
export function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    // A high surrogate followed by a low one is a pair; anything else is lone.
    const next = text.charCodeAt(i + 1);
    if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}
