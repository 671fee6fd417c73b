/**
 * Moves the focus off a group's Unarchive button before it goes (it goes at
 * once, optimistically, with the "Archived" badge) to the group's name
 * (`.group-name`, focusable by script only): the card stays, and no control
 * that a second Enter would act on gets the focus. Works on the DOM
 * contract alone, so the four dashboards share it.
 */
export function focusPastUnarchive(button: HTMLElement): void {
  button.closest('[data-group]')?.querySelector<HTMLElement>('.group-name')?.focus();
}
