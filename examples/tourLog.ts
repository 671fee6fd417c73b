// The tours' log lines: `[  ms] channel text`, timed from when the tour started.
const started = Date.now();

export function log(channel: string, text: string): void {
  const at = `${Date.now() - started}`.padStart(4);
  console.log(`[${at} ms] ${channel.padEnd(8)} ${text}`);
}
