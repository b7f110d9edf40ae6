import { InvalidLogWriteError } from '@app/adapters/store-memory';
import { GroupId, GroupWrite, LogStore, PersistedGroup } from '@app/core';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { StoreRequest, StoreResponse } from './worker-protocol';
import { WorkerStoreSpec } from './worker-store-spec';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Call = StoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * A LogStore whose real store (SQLite) runs on a worker thread. better-sqlite3 is synchronous:
 * in the node's own thread every write round blocked the event loop for its fsync (27-33 % of
 * a busy leader's time), so no HTTP request or peer message was handled meanwhile. Here the
 * fsync happens on the worker while the loop goes on; proposals arriving during it join the
 * next round. Same contract: write() resolves once the batch is fsynced.
 *
 * If the worker dies, every pending and later call fails: the consensus loop then stops this
 * node's participation, as for any failed durable write.
 */
export class WorkerLogStore extends LogStore {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private dead: Error | null = null;

  constructor(private readonly spec: WorkerStoreSpec) {
    super();
  }

  async open(): Promise<void> {
    if (!this.worker) {
      this.dead = null;
      this.worker = this.startWorker();
    }
    await this.call({ op: 'open' });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    try {
      if (!this.dead) await this.call({ op: 'close' });
    } finally {
      this.worker = null;
      await worker.terminate();
      // Calls issued while closing were never answered: fail them rather than leave them hanging.
      this.fail(new Error('log store closed'));
    }
  }

  groups(): Promise<GroupId[]> {
    return this.call({ op: 'groups' }) as Promise<GroupId[]>;
  }

  load(group: GroupId): Promise<PersistedGroup> {
    return this.call({ op: 'load', group }) as Promise<PersistedGroup>;
  }

  async write(batch: GroupWrite[]): Promise<void> {
    await this.call({ op: 'write', batch });
  }

  private call(call: Call): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('LogStore is not open'));
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...call } as StoreRequest);
    });
  }

  private startWorker(): Worker {
    // Built code runs the compiled .js worker; tests and benches on TypeScript sources need the
    // same register hook in the worker as in the main thread.
    const ts = __filename.endsWith('.ts');
    const worker = new Worker(join(__dirname, `log-store-worker${ts ? '.ts' : '.js'}`), {
      workerData: { spec: this.spec },
      execArgv: ts ? ['-r', '@swc-node/register'] : [],
    });
    worker.on('message', (response: StoreResponse) => {
      const p = this.pending.get(response.id);
      if (!p) return;
      this.pending.delete(response.id);
      if (response.ok) p.resolve(response.value);
      else p.reject(reviveError(response.name, response.error));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('messageerror', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(new Error(`log store worker exited (code ${code})`));
    });
    return worker;
  }

  private fail(error: Error): void {
    this.dead = new Error(`log store worker failed: ${error.message}`);
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
  }
}

/** The worker's error as the caller would have seen it in-thread: a refused write stays an InvalidLogWriteError. */
function reviveError(name: string, message: string): Error {
  const error = name === 'InvalidLogWriteError' ? (Object.create(InvalidLogWriteError.prototype) as Error) : new Error();
  error.name = name;
  error.message = message;
  return error;
}
