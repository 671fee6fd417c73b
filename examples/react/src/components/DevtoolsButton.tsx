import { useSyncExternalStore, type ReactElement } from 'react';
import { DEVTOOLS_LABEL, type DevtoolsToggle } from '../../../shared/devtoolsToggle.js';

/** The header's switch for the store's devtools panel. */
export function DevtoolsButton({ toggle }: { readonly toggle: DevtoolsToggle }): ReactElement {
  const open = useSyncExternalStore(
    (changed) => toggle.subscribe(changed),
    () => toggle.open,
  );
  return (
    <button type="button" data-devtools-toggle aria-pressed={open} onClick={() => toggle.toggle()}>
      {DEVTOOLS_LABEL}
    </button>
  );
}
