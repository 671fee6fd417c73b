import { h } from './dom.js';

export interface TokenReveal {
  readonly element: HTMLElement;
  /** Shows a freshly minted token; it replaces any shown before. */
  show(group: string, jwt: string): void;
  /** Forgets the token: out of the page and out of memory. */
  dismiss(): void;
}

/**
 * A minted token, shown once. It is held only by this view's DOM and the
 * Copy button's closure (never in the store, in storage, or in a log), and
 * both are dropped when dismissed.
 */
export function tokenReveal(): TokenReveal {
  const element = h('section', { class: 'card', 'aria-label': 'Minted token', hidden: true });
  let returnFocus: HTMLElement | null = null;

  function dismiss(): void {
    element.replaceChildren();
    element.hidden = true;
    returnFocus?.focus();
    returnFocus = null;
  }

  function show(group: string, jwt: string): void {
    returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const note = h('p', { class: 'hint', role: 'status' }, 'Shown once: copy it now. It is not stored anywhere.');
    const copy = h('button', { type: 'button' }, 'Copy token');
    copy.addEventListener('click', () => {
      navigator.clipboard.writeText(jwt).then(
        () => (note.textContent = 'Copied to the clipboard.'),
        () => (note.textContent = 'The browser refused the clipboard: select the token and copy it.'),
      );
    });
    const close = h('button', { type: 'button', class: 'secondary' }, 'Dismiss');
    close.addEventListener('click', dismiss);
    element.replaceChildren(
      h('h2', {}, `Token for ${group}`),
      h('code', { 'data-token': true, tabindex: 0, 'aria-label': `Database token for ${group}` }, jwt),
      h('div', { class: 'row' }, copy, close),
      note,
    );
    element.hidden = false;
    copy.focus();
  }

  return { element, show, dismiss };
}
