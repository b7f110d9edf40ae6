import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { join } from 'node:path';
import { EMPTY_HARD_STATE, LogEntry } from '@app/core';
import { describeLogStoreConformance, entries } from './support/log-store-conformance';
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

describe('SqliteLogStore when the database fails inside a batch', () => {
  it('rolls the whole batch back and stays usable', async () => {
    const dir = makeTempDir('logstore-sqlite-abort');
    const store = new SqliteLogStore({ path: join(dir.path, 'raft.sqlite') });
    try {
      await store.open();
      await store.write([{ group: 'a', entries: entries(1, 2, 1) }]);
      // a fault the store cannot foresee: the database refuses one row of the second group
      await store.dataSource.query(
        `CREATE TRIGGER poison BEFORE INSERT ON raft_entry WHEN NEW.data = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END`,
      );
      const poisoned: LogEntry = { index: 1, term: 1, kind: 'normal', data: 'poison' };
      await expect(
        store.write([
          { group: 'a', entries: entries(2, 5, 2), hardState: { term: 2, vote: null, commit: 1 } },
          { group: 'b', entries: [poisoned] },
        ]),
      ).rejects.toThrow(/poisoned row/);
      expect(await store.load('a')).toEqual({ hardState: EMPTY_HARD_STATE, snapshot: null, entries: entries(1, 2, 1) });
      expect(await store.groups()).toEqual(['a']);
      await store.write([{ group: 'a', entries: entries(3, 3, 2) }]);
      expect((await store.load('a')).entries).toEqual([...entries(1, 2, 1), ...entries(3, 3, 2)]);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
