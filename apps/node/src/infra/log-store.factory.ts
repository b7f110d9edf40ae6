import { MemoryLogStore } from '@app/adapters/store-memory';
import { PostgresLogStore } from '@app/adapters/store-postgres';
import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { WorkerLogStore } from '@app/adapters/store-worker';
import { assertNever, LogStore } from '@app/core';
import { join } from 'node:path';
import { NodeConfig } from '../config/node-config';

/** The LogStore adapter chosen by STORE. */
export function createLogStore(config: NodeConfig): LogStore {
  switch (config.store) {
    case 'sqlite':
      // On a worker thread: better-sqlite3 blocks its thread for every write and fsync.
      return new WorkerLogStore({ kind: 'sqlite', path: join(config.dataDir, 'raft.sqlite') });
    case 'sqlite-inline':
      return new SqliteLogStore({ path: join(config.dataDir, 'raft.sqlite') });
    case 'postgres':
      // One schema per node, so nodes may share a database.
      return new PostgresLogStore({ url: config.postgresUrl ?? '', schema: `raft_${config.nodeId.replace(/[^A-Za-z0-9_]/g, '_')}` });
    case 'memory':
      return new MemoryLogStore();
    default:
      return assertNever(config.store, 'STORE');
  }
}
