import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { WorkerLogStore } from '@app/adapters/store-worker';
import { join } from 'node:path';
import { describeLogStoreConformance, entries } from './support/log-store-conformance';
import { makeTempDir } from './support/temp-dir';

describeLogStoreConformance('sqlite on a worker thread', async () => {
  const dir = makeTempDir('logstore-worker');
  const path = join(dir.path, 'nested', 'raft.sqlite');
  return { make: () => new WorkerLogStore({ kind: 'sqlite', path, insertChunkRows: 400 }), cleanup: async () => dir.remove() };
});

describe('WorkerLogStore', () => {
  it('has written and committed a batch once write() resolves: another connection reads it at once', async () => {
    const dir = makeTempDir('logstore-worker-visible');
    const path = join(dir.path, 'raft.sqlite');
    const store = new WorkerLogStore({ kind: 'sqlite', path });
    const reader = new SqliteLogStore({ path });
    try {
      await store.open();
      await store.write([{ group: 'g', entries: entries(1, 3, 1), hardState: { term: 1, vote: 'node1', commit: 0 } }]);
      await reader.open();
      const loaded = await reader.load('g');
      expect(loaded.entries.map((e) => e.index)).toEqual([1, 2, 3]);
      expect(loaded.hardState).toEqual({ term: 1, vote: 'node1', commit: 0 });
    } finally {
      await reader.close();
      await store.close();
      dir.remove();
    }
  });

  it('keeps the event loop free while a write is in flight', async () => {
    const dir = makeTempDir('logstore-worker-loop');
    const store = new WorkerLogStore({ kind: 'sqlite', path: join(dir.path, 'raft.sqlite') });
    try {
      await store.open();
      let turns = 0;
      let writing = true;
      const spin = (): void => {
        turns++;
        if (writing) setImmediate(spin);
      };
      setImmediate(spin);
      await store.write([{ group: 'g', entries: entries(1, 2000, 1) }]);
      writing = false;
      // An in-thread SQLite write of 2,000 rows and its fsync leaves no turn to the loop.
      expect(turns).toBeGreaterThan(1);
    } finally {
      await store.close();
      dir.remove();
    }
  });

  it('fails every pending and later call once its worker is gone', async () => {
    const dir = makeTempDir('logstore-worker-dead');
    const store = new WorkerLogStore({ kind: 'sqlite', path: join(dir.path, 'raft.sqlite') });
    try {
      await store.open();
      const worker = (store as unknown as { worker: { terminate(): Promise<number> } }).worker;
      const pending = store.write([{ group: 'g', entries: entries(1, 500, 1) }]);
      await worker.terminate();
      await expect(pending).rejects.toThrow(/log store worker failed/);
      await expect(store.write([{ group: 'g', entries: entries(1, 1, 1) }])).rejects.toThrow(/log store worker failed/);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

describe('WorkerLogStore.close', () => {
  it('settles a call issued while it closes, and opens again afterwards', async () => {
    const dir = makeTempDir('logstore-worker-close');
    const path = join(dir.path, 'raft.sqlite');
    const store = new WorkerLogStore({ kind: 'sqlite', path });
    try {
      await store.open();
      await store.write([{ group: 'g', entries: entries(1, 2, 1) }]);
      const closing = store.close();
      // Posted after the close request: the worker is terminated before it answers.
      const late = store.write([{ group: 'g', entries: entries(3, 3, 1) }]);
      await closing;
      await expect(late).rejects.toThrow();
      await store.open();
      expect((await store.load('g')).entries.map((e) => e.index)[0]).toBe(1);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
