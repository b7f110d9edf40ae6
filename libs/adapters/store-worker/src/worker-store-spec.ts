import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { LogStore } from '@app/core';

/**
 * Which store the worker thread builds. Plain data: it crosses the thread boundary through
 * workerData, so it names the store instead of holding one.
 */
export type WorkerStoreSpec = { kind: 'sqlite'; path: string; insertChunkRows?: number };

export function buildWorkerStore(spec: WorkerStoreSpec): LogStore {
  return new SqliteLogStore({ path: spec.path, insertChunkRows: spec.insertChunkRows });
}
