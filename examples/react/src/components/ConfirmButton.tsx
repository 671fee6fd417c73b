import { useId, useRef, type ReactElement } from 'react';
import type { Confirmation } from '../../../shared/dashboardText.js';

export interface ConfirmButtonProps {
  /** The button's visible text, such as "Delete". */
  readonly label: string;
  /** Its accessible name, which names the group: "Delete eu". */
  readonly name: string;
  readonly question: Confirmation;
  readonly onConfirm: () => void;
  /** @default 'danger small' */
  readonly className?: string | undefined;
  /**
   * The id of the visible text that says why the command waits: while set,
   * the button stays focusable but does nothing (`aria-disabled`), and that
   * text describes it. @default undefined (the button works)
   */
  readonly blockedBy?: string | undefined;
}

/**
 * A destructive command behind a modal <dialog>: the page behind it is
 * inert, Escape cancels, focus starts on "Cancel" (the safe choice) and goes
 * back to the button when the dialog closes.
 */
export function ConfirmButton({ label, name, question, onConfirm, className = 'danger small', blockedBy }: ConfirmButtonProps): ReactElement {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const id = useId();

  function open(): void {
    if (blockedBy !== undefined) return;
    dialog.current?.showModal();
    cancelButton.current?.focus();
  }

  function confirm(): void {
    dialog.current?.close();
    onConfirm();
  }

  return (
    <>
      {/* aria-disabled rather than disabled: focusable, so the reason it waits is read with it. */}
      <button type="button" className={className} aria-label={name} aria-disabled={blockedBy !== undefined ? true : undefined} aria-describedby={blockedBy} onClick={open}>
        {label}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-message`}>
        <h2 id={`${id}-title`}>{question.title}</h2>
        <p id={`${id}-message`}>{question.message}</p>
        <div className="row dialog-actions">
          <button ref={cancelButton} type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={confirm}>
            {question.confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
