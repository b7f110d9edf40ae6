/**
 * Write throughput of the PostgreSQL LogStore, same workload as sqlite-write.ts, in a scratch
 * schema that is dropped afterwards.
 *
 *   [PG_URL=postgres://postgres@127.0.0.1:5432/test] [SIZES=1,16,64,256] \
 *     node -r @swc-node/register bench/store/postgres-write.ts [seconds-per-size=3]
 */
import { PostgresLogStore } from '@app/adapters/store-postgres';
import { Client } from 'pg';
import { BATCH_SIZES, PAYLOAD, measureWrites } from './measure-writes';

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 3);
  const url = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `logstore_bench_${process.pid}`;
  console.log(`PostgreSQL LogStore write (${PAYLOAD.length}-byte entries, ${seconds}s per size) in schema ${schema}`);
  try {
    for (const size of BATCH_SIZES) console.log(await measureWrites(new PostgresLogStore({ url, schema }), size, seconds));
  } finally {
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
