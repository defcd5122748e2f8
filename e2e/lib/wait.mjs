// Small helpers shared by the browser tests.

/** A stream id no other test uses: `prefix_` and 8 random characters. */
export const randomId = (prefix) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;

/** Polls `condition` until it returns something truthy (and returns that); fails after `timeout` ms. */
export async function waitUntil(condition, what, timeout = 10_000, interval = 50) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
