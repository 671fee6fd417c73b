import { h } from './dom.js';

export interface ConfirmDelete {
  readonly element: HTMLDialogElement;
  /** Asks before deleting `group`; resolves true on "Confirm delete". */
  ask(group: string): Promise<boolean>;
}

/** One modal `<dialog>` for every delete: focus moves into it, Escape cancels, focus returns after. */
export function confirmDelete(): ConfirmDelete {
  const message = h('p', { id: 'confirm-delete-message' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const confirm = h('button', { type: 'button', class: 'danger' }, 'Confirm delete');
  const element = h(
    'dialog',
    { 'aria-labelledby': 'confirm-delete-title', 'aria-describedby': 'confirm-delete-message' },
    h('h2', { id: 'confirm-delete-title' }, 'Delete group?'),
    message,
    h('div', { class: 'row' }, cancel, confirm),
  );
  // The answer comes from the button pressed; a close that no button made
  // (Escape) is a no. A late `close` event of an earlier opening finds the
  // dialog open again and is ignored, so it cannot answer the new question.
  let answer: ((confirmed: boolean) => void) | undefined;
  const settle = (confirmed: boolean): void => {
    answer?.(confirmed);
    answer = undefined;
  };
  cancel.addEventListener('click', () => {
    settle(false);
    element.close();
  });
  confirm.addEventListener('click', () => {
    settle(true);
    element.close();
  });
  element.addEventListener('close', () => {
    if (!element.open) settle(false);
  });

  function ask(group: string): Promise<boolean> {
    settle(false);
    message.textContent = `The group "${group}" and every database in it will be deleted. This cannot be undone.`;
    element.showModal();
    // The safe choice has the focus: Enter does not delete by accident.
    cancel.focus();
    return new Promise((resolve) => {
      answer = resolve;
    });
  }

  return { element, ask };
}
