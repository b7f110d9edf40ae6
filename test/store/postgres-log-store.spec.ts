import { PostgresLogStore } from '@app/adapters/store-postgres';
import { Client } from 'pg';
import { EMPTY_HARD_STATE, LogEntry } from '@app/core';
import { describeLogStoreConformance, entries } from './support/log-store-conformance';

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

describe('PostgresLogStore when the database fails inside a batch', () => {
  it('rolls the whole batch back and stays usable', async () => {
    const schema = `logstore_test_${process.pid}_${Date.now().toString(36)}_abort`;
    const store = new PostgresLogStore({ url, schema });
    try {
      await store.open();
      await store.write([{ group: 'a', entries: entries(1, 2, 1) }]);
      // a fault the store cannot foresee: PostgreSQL text cannot hold a NUL character
      const poisoned: LogEntry = { index: 1, term: 1, kind: 'normal', data: 'nul \u0000 here' };
      await expect(
        store.write([
          { group: 'a', entries: entries(2, 5, 2), hardState: { term: 2, vote: null, commit: 1 } },
          { group: 'b', entries: [poisoned] },
        ]),
      ).rejects.toThrow();
      expect(await store.load('a')).toEqual({ hardState: EMPTY_HARD_STATE, snapshot: null, entries: entries(1, 2, 1) });
      expect(await store.groups()).toEqual(['a']);
      await store.write([{ group: 'a', entries: entries(3, 3, 2) }]);
      expect((await store.load('a')).entries).toEqual([...entries(1, 2, 1), ...entries(3, 3, 2)]);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });
});
