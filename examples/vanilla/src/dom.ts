// A few lines of DOM building, so the views read as the markup they make.

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined>;

/**
 * An element with attributes and children. `true` sets an attribute empty,
 * `false`, `null` and `undefined` leave it out; strings become text nodes
 * (never HTML).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) setAttribute(element, name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

export function setAttribute(element: Element, name: string, value: Attributes[string]): void {
  if (value === false || value === null || value === undefined) element.removeAttribute(name);
  else element.setAttribute(name, value === true ? '' : String(value));
}

let nextId = 0;
/** A page-unique id, for `for=` and `aria-describedby=`. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${++nextId}`;
}

/**
 * Sets a select's options to `choices` (value, text), keeping the chosen
 * value when it is still offered. Rebuilt only when the choices changed, so
 * a keyboard user's place in an open select is not lost to an unrelated update.
 */
export function setOptions(select: HTMLSelectElement, choices: readonly (readonly [string, string])[]): void {
  const current = [...select.options].map((option) => `${option.value}\u0000${option.text}`).join('\u0001');
  const next = choices.map(([value, text]) => `${value}\u0000${text}`).join('\u0001');
  if (current === next) return;
  const chosen = select.value;
  select.replaceChildren(...choices.map(([value, text]) => h('option', { value }, text)));
  if (choices.some(([value]) => value === chosen)) select.value = chosen;
}
