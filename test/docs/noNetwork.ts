// Preloaded into each README program the docs test runs: a `fetch` to any
// host but loopback fails, so a block that would reach the network (or a real
// account) fails the test instead of depending on it.
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK.has(url.hostname)) return Promise.reject(new TypeError(`README programs do not reach the network: ${url.origin}`));
  return realFetch(input, init);
};
