import type { Confirmation } from '../../shared/dashboardText.js';
import { h } from './dom.js';

export interface ConfirmDialog {
  readonly element: HTMLDialogElement;
  /** Asks `question`; resolves true on its confirm button, false on "Cancel" or Escape. */
  ask(question: Confirmation): Promise<boolean>;
}

/**
 * One modal `<dialog>` for every destructive command (delete, invalidate
 * tokens): the page behind it is inert, focus starts on "Cancel" (the safe
 * choice), Escape cancels, and focus returns to the button that opened it.
 */
export function confirmDialog(): ConfirmDialog {
  const title = h('h2', { id: 'confirm-title' });
  const message = h('p', { id: 'confirm-message' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const confirm = h('button', { type: 'button', class: 'danger' }, 'Confirm');
  const element = h(
    'dialog',
    { class: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
    title,
    message,
    h('div', { class: 'row dialog-actions' }, cancel, confirm),
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

  function ask(question: Confirmation): Promise<boolean> {
    settle(false);
    title.textContent = question.title;
    message.textContent = question.message;
    confirm.textContent = question.confirmLabel;
    element.showModal();
    // The safe choice has the focus: Enter does not destroy anything by accident.
    cancel.focus();
    return new Promise((resolve) => {
      answer = resolve;
    });
  }

  return { element, ask };
}
