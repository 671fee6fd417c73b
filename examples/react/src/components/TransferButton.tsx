import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { BACK, chooseTransfer, confirmTransfer, controlNames } from '../../../shared/dashboardText.js';
import { useOrganizations } from '../organizations.js';

export interface TransferButtonProps {
  /** The group to transfer. */
  readonly name: string;
  /** Called with the organization once the transfer is confirmed. */
  readonly onConfirm: (organization: string) => void;
}

type Step = 'choose' | 'confirm';

/**
 * "Transfer": a modal <dialog> in two steps, the organization to move the
 * group to, then the question with both organizations named. The page
 * behind it is inert and Escape cancels; focus starts on the organization,
 * then on "Cancel" (the safe choice) at the question, back on the
 * organization with "Back", and returns to the button when it closes.
 */
export function TransferButton({ name, onConfirm }: TransferButtonProps): ReactElement {
  const { org, otherOrgs } = useOrganizations();
  const dialog = useRef<HTMLDialogElement>(null);
  const targetSelect = useRef<HTMLSelectElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const id = useId();
  const [step, setStep] = useState<Step>('choose');
  const [chosen, setChosen] = useState('');
  // The choice while it is still offered, else the first.
  const target = otherOrgs.includes(chosen) ? chosen : (otherOrgs[0] ?? '');
  // Set by the handlers only, so that no other render moves the focus.
  const focusNext = useRef<Step | undefined>(undefined);

  useEffect(() => {
    const next = focusNext.current;
    focusNext.current = undefined;
    if (next === 'choose') targetSelect.current?.focus();
    if (next === 'confirm') cancelButton.current?.focus();
  }, [step]);

  function open(): void {
    setStep('choose');
    dialog.current?.showModal();
    targetSelect.current?.focus();
  }

  function goTo(next: Step): void {
    focusNext.current = next;
    setStep(next);
  }

  function next(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (target !== '') goTo('confirm');
  }

  function confirm(): void {
    dialog.current?.close();
    onConfirm(target);
  }

  const choice = chooseTransfer(name);
  const question = confirmTransfer(name, org, target);
  return (
    <>
      <button type="button" className="secondary small" aria-label={controlNames.transfer(name)} onClick={open}>
        Transfer
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-message`} onClose={() => setStep('choose')}>
        {step === 'choose' ? (
          <form onSubmit={next}>
            <h2 id={`${id}-title`}>{choice.title}</h2>
            <p id={`${id}-message`}>{choice.message}</p>
            <div className="field transfer-target">
              <label htmlFor={`${id}-target`}>{choice.targetLabel}</label>
              <select ref={targetSelect} id={`${id}-target`} value={target} onChange={(event) => setChosen(event.target.value)}>
                {otherOrgs.map((other) => (
                  <option key={other} value={other}>
                    {other}
                  </option>
                ))}
              </select>
            </div>
            <div className="row dialog-actions">
              <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
              <button type="submit" className="secondary">
                {choice.nextLabel}
              </button>
            </div>
          </form>
        ) : (
          <>
            <h2 id={`${id}-title`}>{question.title}</h2>
            <p id={`${id}-message`}>{question.message}</p>
            <div className="row dialog-actions">
              <button type="button" className="secondary" onClick={() => goTo('choose')}>
                {BACK}
              </button>
              <button ref={cancelButton} type="button" className="secondary" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
              <button type="button" className="danger" onClick={confirm}>
                {question.confirmLabel}
              </button>
            </div>
          </>
        )}
      </dialog>
    </>
  );
}
