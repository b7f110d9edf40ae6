/**
 * Write throughput of the SQLite LogStore: batches/s and entries/s for Raft-sized batches.
 * Each batch = one write() = one transaction = one fsync, as a Raft Ready would be persisted.
 *
 *   [SIZES=1,16,64,256] node -r @swc-node/register bench/store/sqlite-write.ts [seconds-per-size=3] [dir=os tmpdir]
 */
import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_SIZES, PAYLOAD, measureWrites } from './measure-writes';

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 3);
  const dir = mkdtempSync(join(process.argv[3] ?? tmpdir(), 'logstore-bench-'));
  console.log(`SQLite LogStore write (WAL, synchronous=FULL, ${PAYLOAD.length}-byte entries, ${seconds}s per size) in ${dir}`);
  try {
    for (const size of BATCH_SIZES) {
      console.log(await measureWrites(new SqliteLogStore({ path: join(dir, `bench-${size}.sqlite`) }), size, seconds));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
