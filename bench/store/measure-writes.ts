import { LogEntry, LogStore } from '@app/core';

export const BATCH_SIZES = (process.env.SIZES ?? '1,16,64,256').split(',').map(Number);
export const PAYLOAD = JSON.stringify({ op: 'acquire', lock: 'orders/42', owner: 'client-7', mode: 'exclusive', ttlMs: 30000 });

/**
 * Appends batches of `batchSize` entries (plus a hard state, as a Raft Ready carries) for
 * `seconds`, one write() at a time, and returns a one-line summary.
 */
export async function measureWrites(store: LogStore, batchSize: number, seconds: number): Promise<string> {
  await store.open();
  let next = 1;
  let batches = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < deadline) {
    const entries: LogEntry[] = [];
    for (let i = 0; i < batchSize; i++) entries.push({ index: next + i, term: 1, kind: 'normal', data: PAYLOAD });
    await store.write([{ group: `bench/${batchSize}`, entries, hardState: { term: 1, vote: 'node1', commit: next - 1 } }]);
    next += batchSize;
    batches++;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return [
    `batch=${String(batchSize).padStart(3)}`,
    `batches/s=${(batches / elapsed).toFixed(0).padStart(6)}`,
    `entries/s=${((batches * batchSize) / elapsed).toFixed(0).padStart(7)}`,
    `ms/batch=${((elapsed * 1000) / batches).toFixed(3)}`,
  ].join('  ');
}
