import { PostgresLogStore } from '@app/adapters/store-postgres';
import { Client } from 'pg';
import { describeLogStoreConformance } from './support/log-store-conformance';

// A schema per test, named for this process: parallel runs and engineers never share tables.
const url = process.env.LOGSTORE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let counter = 0;

async function dropSchema(schema: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

describeLogStoreConformance('postgres', async () => {
  const schema = `logstore_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  return { make: () => new PostgresLogStore({ url, schema }), cleanup: () => dropSchema(schema) };
});
