/**
 * A time of day on the 24-hour clock, `15:04:05`, whatever the browser's
 * locale: every time the dashboards show reads the same way. Built by hand
 * rather than with `toLocaleTimeString`, whose `hour12: false` still gives
 * "24:00:05" just after midnight in some engines.
 */
export function clockTime(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
