/**
 * Moves the focus off a location's remove button before the location goes
 * (it goes at once, optimistically, and its button with it): to the next
 * remove button of the same group, else to the group's add-location select
 * (`[data-add-location]`). A select still disabled (every location was held)
 * is focused once the page has drawn the freed location. Works on the DOM
 * contract alone, so the four dashboards share it.
 */
export function focusPastRemoval(button: HTMLElement): void {
  const card = button.closest('[data-group]');
  if (card === null) return;
  const removes = [...card.querySelectorAll<HTMLElement>('[data-location] button')];
  const next = removes[removes.indexOf(button) + 1];
  if (next !== undefined) {
    next.focus();
    return;
  }
  const select = card.querySelector<HTMLSelectElement>('[data-add-location] select');
  if (select === null) return;
  if (!select.disabled) select.focus();
  else requestAnimationFrame(() => select.focus());
}
