import { LogStore, assertNever } from '@app/core';
import { MemoryLogStore } from '@app/adapters/store-memory';
import { PostgresLogStore, PostgresLogStoreOptions } from '@app/adapters/store-postgres';
import { SqliteLogStore, SqliteLogStoreOptions } from '@app/adapters/store-sqlite';

/** Which LogStore a node runs on: chosen by configuration, the Raft driver sees only the port. */
export type LogStoreOptions =
  | { kind: 'memory' }
  | ({ kind: 'sqlite' } & SqliteLogStoreOptions)
  | ({ kind: 'postgres' } & PostgresLogStoreOptions);

/** A new, not yet opened store. */
export function createLogStore(options: LogStoreOptions): LogStore {
  switch (options.kind) {
    case 'memory':
      return new MemoryLogStore();
    case 'sqlite':
      return new SqliteLogStore(options);
    case 'postgres':
      return new PostgresLogStore(options);
    default:
      return assertNever(options, 'LogStore kind');
  }
}
