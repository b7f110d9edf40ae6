/**
 * Write throughput of the SQLite LogStore: batches/s and entries/s for Raft-sized batches.
 * Each batch = one write() = one transaction = one fsync, as a Raft Ready would be persisted.
 *
 *   [SIZES=1,16,64,256] node -r @swc-node/register bench/store/sqlite-write.ts [seconds-per-size=3] [dir=os tmpdir]
 */
import { LogEntry } from '@app/core';
import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIZES = (process.env.SIZES ?? '1,16,64,256').split(',').map(Number);
const PAYLOAD = JSON.stringify({ op: 'acquire', lock: 'orders/42', owner: 'client-7', mode: 'exclusive', ttlMs: 30000 });

async function measure(batchSize: number, seconds: number, dir: string): Promise<string> {
  const store = new SqliteLogStore({ path: join(dir, `bench-${batchSize}.sqlite`) });
  await store.open();
  let next = 1;
  let batches = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < deadline) {
    const entries: LogEntry[] = [];
    for (let i = 0; i < batchSize; i++) entries.push({ index: next + i, term: 1, kind: 'normal', data: PAYLOAD });
    await store.write([{ group: 'control', entries, hardState: { term: 1, vote: 'node1', commit: next - 1 } }]);
    next += batchSize;
    batches++;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  const perBatchMs = (elapsed * 1000) / batches;
  return [
    `batch=${String(batchSize).padStart(3)}`,
    `batches/s=${(batches / elapsed).toFixed(0).padStart(6)}`,
    `entries/s=${((batches * batchSize) / elapsed).toFixed(0).padStart(7)}`,
    `ms/batch=${perBatchMs.toFixed(3)}`,
  ].join('  ');
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 3);
  const dir = mkdtempSync(join(process.argv[3] ?? tmpdir(), 'logstore-bench-'));
  console.log(`SQLite LogStore write (WAL, synchronous=FULL, ${PAYLOAD.length}-byte entries, ${seconds}s per size) in ${dir}`);
  try {
    for (const size of SIZES) console.log(await measure(size, seconds, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
