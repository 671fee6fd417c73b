import { controlNames, TOKEN_COPIED, TOKEN_NOTE, tokenCopyFailed } from '../../shared/dashboardText.js';
import type { Toasts } from '../../shared/toasts.js';
import { h } from './dom.js';

export interface TokenPanel {
  /** Empty and hidden until a token is shown. */
  readonly element: HTMLElement;
  /** Shows a freshly minted token (replacing any shown before) and moves the focus to "Copy token"; `back` gets it when dismissed. */
  show(jwt: string, back: HTMLElement): void;
  /** Forgets the token: out of the page and out of memory. */
  dismiss(): void;
}

/**
 * A group's minted token, shown once in its card. It is held only by this
 * panel's DOM and the Copy button's closure (never in the store, in storage,
 * or in a log), and both are dropped when dismissed.
 */
export function tokenPanel(group: string, toasts: Toasts): TokenPanel {
  const element = h('div', { class: 'token', role: 'group', 'aria-label': controlNames.token(group), hidden: true });
  let back: HTMLElement | undefined;

  function dismiss(): void {
    const hadFocus = element.contains(document.activeElement);
    element.replaceChildren();
    element.hidden = true;
    if (hadFocus) back?.focus();
    back = undefined;
  }

  function show(jwt: string, returnTo: HTMLElement): void {
    back = returnTo;
    const copied = h('span', { class: 'hint', role: 'status' });
    const copy = h('button', { type: 'button', class: 'small', 'aria-label': controlNames.copyToken(group) }, 'Copy token');
    copy.addEventListener('click', () => {
      navigator.clipboard.writeText(jwt).then(
        () => (copied.textContent = TOKEN_COPIED),
        (error: unknown) => toasts.show(tokenCopyFailed(error)),
      );
    });
    const close = h('button', { type: 'button', class: 'secondary small', 'aria-label': controlNames.dismissToken(group) }, 'Dismiss');
    close.addEventListener('click', dismiss);
    element.replaceChildren(h('p', { class: 'hint' }, TOKEN_NOTE), h('code', { 'data-token': true }, jwt), h('div', { class: 'row' }, copy, close, copied));
    element.hidden = false;
    copy.focus();
  }

  return { element, show, dismiss };
}
