/**
 * The longest wait `setTimeout` keeps: 2^31 - 1 ms, about 24.8 days. A
 * longer one fires at once, so every delay a timer is set with stays below it.
 */
export const MAX_DELAY_MS = 2_147_483_647;
