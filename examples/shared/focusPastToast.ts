import { GROUPS_HEADING_ID } from './dashboardText.js';

/**
 * Moves the focus off a toast's Dismiss button before the toast goes (when
 * the button has it): to another toast's Dismiss, else to the groups list's
 * heading, rather than to the top of the page. Works on the DOM contract
 * (`[data-toast]`), so the four dashboards share it.
 */
export function focusPastToast(button: HTMLElement): void {
  if (document.activeElement !== button) return;
  const toast = button.closest('[data-toast]');
  const others = [...document.querySelectorAll<HTMLElement>('[data-toast]')].filter((other) => other !== toast);
  const next = others.find((other) => toast !== null && toast.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING) ?? others.at(-1);
  const target = next?.querySelector<HTMLElement>('button') ?? document.getElementById(GROUPS_HEADING_ID);
  target?.focus();
}
