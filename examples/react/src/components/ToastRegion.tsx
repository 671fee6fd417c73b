import type { ReactElement } from 'react';
import { focusPastToast } from '../../../shared/focusPastToast.js';
import { useToast, useToastList } from '../toast.js';

/**
 * The page's messages, at the foot of the main column (sticky, so they stay
 * in view without covering the side column). A failure is an alert, the
 * rest a status; nothing here takes the focus, and a dismissed one hands it on.
 */
export function ToastRegion(): ReactElement {
  const list = useToastList();
  const toasts = useToast();
  return (
    <div className="toasts" data-toasts>
      {list.map((toast) => (
        <div key={toast.id} className="toast" data-toast data-tone={toast.tone} role={toast.tone === 'failure' ? 'alert' : 'status'}>
          <p className="toast-text">{toast.text}</p>
          <button type="button" className="small" aria-label="Dismiss message" onClick={(event) => {
              focusPastToast(event.currentTarget);
              toasts.dismiss(toast.id);
            }}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
