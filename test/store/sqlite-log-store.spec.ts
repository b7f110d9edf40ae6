import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { join } from 'node:path';
import { describeLogStoreConformance } from './support/log-store-conformance';
import { makeTempDir } from './support/temp-dir';

describeLogStoreConformance('sqlite', async () => {
  const dir = makeTempDir('logstore-sqlite');
  const path = join(dir.path, 'nested', 'raft.sqlite');
  return { make: () => new SqliteLogStore({ path, insertChunkRows: 400 }), cleanup: async () => dir.remove() };
});

describe('SqliteLogStore durability settings', () => {
  it('runs in WAL mode with synchronous=FULL, so each committed batch is fsynced', async () => {
    const dir = makeTempDir('logstore-sqlite-pragmas');
    const store = new SqliteLogStore({ path: join(dir.path, 'raft.sqlite') });
    try {
      await store.open();
      const q = (sql: string): Promise<unknown> => store.dataSource.query(sql);
      expect(await q('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await q('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]); // 2 = FULL
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
