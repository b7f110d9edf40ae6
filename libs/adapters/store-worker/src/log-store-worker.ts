import { LogStore } from '@app/core';
import { parentPort, workerData } from 'node:worker_threads';
import { StoreRequest, StoreResponse } from './worker-protocol';
import { buildWorkerStore, WorkerStoreSpec } from './worker-store-spec';

/**
 * The worker thread's side of WorkerLogStore: runs the real store and answers each call. Calls are
 * handed to the store as they arrive; TypeOrmLogStore runs them one at a time in that order, so a
 * write's answer means it is committed and fsynced, and later calls see it.
 */
function serve(store: LogStore, request: StoreRequest): Promise<unknown> {
  switch (request.op) {
    case 'open':
      return store.open();
    case 'close':
      return store.close();
    case 'groups':
      return store.groups();
    case 'load':
      return store.load(request.group);
    case 'write':
      return store.write(request.batch);
  }
}

const port = parentPort;
if (!port) throw new Error('log-store-worker must run in a worker thread');
const store = buildWorkerStore((workerData as { spec: WorkerStoreSpec }).spec);
// A message that cannot be deserialized has no id to answer: end the worker, which fails every call.
port.on('messageerror', (error) => {
  throw error;
});
port.on('message', (request: StoreRequest) => {
  serve(store, request).then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies StoreResponse),
    (error: unknown) =>
      port.postMessage({ id: request.id, ok: false, name: error instanceof Error ? error.name : 'Error', error: error instanceof Error ? error.message : String(error) } satisfies StoreResponse),
  );
});
