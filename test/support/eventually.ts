/** Polling helpers for tests against running nodes (real time: elections, replication, HTTP). */

/** Retries `check` every 20 ms until it passes; past `timeoutMs` its last failure is thrown. */
export async function eventually(check: () => Promise<void>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(20);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
