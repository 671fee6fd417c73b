import { BACK, chooseTransfer, CONFIRM_TRANSFER, confirmTransfer, TRANSFER_NEXT } from '../../shared/dashboardText.js';
import { h, setOptions } from './dom.js';

export interface TransferDialog {
  readonly element: HTMLDialogElement;
  /** Asks where to transfer `group`, then whether to; resolves with the organization confirmed, or `undefined` on "Cancel" or Escape. */
  ask(group: string): Promise<string | undefined>;
}

/**
 * One modal `<dialog>` for every group's Transfer, in two steps: the
 * organization to move the group to, then the question with both
 * organizations named. The page behind it is inert and Escape cancels;
 * focus starts on the organization, then on "Cancel" (the safe choice) at
 * the question, back on the organization with "Back", and returns to the
 * button that opened it.
 */
export function transferDialog(org: string, otherOrgs: readonly string[]): TransferDialog {
  const title = h('h2', { id: 'transfer-title' });
  const message = h('p', { id: 'transfer-message' });
  const target = h('select', { id: 'transfer-target' });
  setOptions(target, otherOrgs.map((other) => [other, other] as const));
  const targetLabel = h('label', { for: 'transfer-target' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const next = h('button', { type: 'submit', class: 'secondary' }, TRANSFER_NEXT);
  const choose = h('form', {}, h('div', { class: 'field transfer-target' }, targetLabel, target), h('div', { class: 'row dialog-actions' }, cancel, next));
  const back = h('button', { type: 'button', class: 'secondary' }, BACK);
  const cancelQuestion = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const confirm = h('button', { type: 'button', class: 'danger' }, CONFIRM_TRANSFER);
  // Each step in a plain wrapper: `hidden` would lose to the .row's display.
  const question = h('div', {}, h('div', { class: 'row dialog-actions' }, back, cancelQuestion, confirm));
  const element = h('dialog', { class: 'confirm-dialog', 'aria-labelledby': 'transfer-title', 'aria-describedby': 'transfer-message' }, title, message, choose, question);

  // As in confirmDialog: the answer comes from the button pressed, and a
  // close no button made (Escape) is a no.
  let answer: ((organization: string | undefined) => void) | undefined;
  let group = '';
  const settle = (organization: string | undefined): void => {
    answer?.(organization);
    answer = undefined;
  };

  function showChoice(): void {
    const choice = chooseTransfer(group);
    title.textContent = choice.title;
    message.textContent = choice.message;
    targetLabel.textContent = choice.targetLabel;
    next.textContent = choice.nextLabel;
    choose.hidden = false;
    question.hidden = true;
    target.focus();
  }

  function showQuestion(): void {
    const asked = confirmTransfer(group, org, target.value);
    title.textContent = asked.title;
    message.textContent = asked.message;
    confirm.textContent = asked.confirmLabel;
    choose.hidden = true;
    question.hidden = false;
    cancelQuestion.focus();
  }

  choose.addEventListener('submit', (event) => {
    event.preventDefault();
    if (target.value !== '') showQuestion();
  });
  back.addEventListener('click', showChoice);
  for (const button of [cancel, cancelQuestion]) {
    button.addEventListener('click', () => {
      settle(undefined);
      element.close();
    });
  }
  confirm.addEventListener('click', () => {
    settle(target.value);
    element.close();
  });
  element.addEventListener('close', () => {
    if (!element.open) settle(undefined);
  });

  function ask(name: string): Promise<string | undefined> {
    settle(undefined);
    group = name;
    element.showModal();
    showChoice();
    return new Promise((resolve) => {
      answer = resolve;
    });
  }

  return { element, ask };
}
