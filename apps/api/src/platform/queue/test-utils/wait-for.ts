// Small async helpers for the queue tests: poll for a condition instead of sleeping a fixed time and hoping.

/** Resolves as soon as `predicate` holds; rejects with `what` in the message after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * Waits a fixed time. Only for asserting that something does NOT happen (no further run after stop(), no third
 * handler past the concurrency limit), where there is nothing to poll for.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise opened by hand: handlers await `wait()` to stay "running" until the test calls `open()`. */
export function gate(): { wait(): Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait: () => opened, open };
}
