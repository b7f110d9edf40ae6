import { Etcd3, Lease } from 'etcd3';
import { LockSession, OpContext } from '../support';

/**
 * etcd's own waiting lock recipe (the one behind Go's clientv3/concurrency Mutex and the
 * server's v3lock API), written here on the etcd3 client's raw KV and Watch calls, because the
 * etcd3 npm package only ships a try-lock.
 *
 * One lease per client session (kept alive by the client), reused for every lock. Acquire:
 * one Txn "if key prefix/<lease> is absent, put it with the lease; read the oldest key under
 * the prefix". If that oldest key is ours, the lock is held (one round trip). Otherwise wait
 * for the deletion of the key just before ours (by create revision), then look again: waiters
 * queue in create-revision order and each is woken by its predecessor's release, no polling.
 * Release: delete our key.
 */
export interface MutexHandle {
  key: Buffer;
}

const WAIT_TIMEOUT_MS = 30_000;

function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  end[end.length - 1]++; // prefixes here end in '/', never 0xff
  return end;
}

export class EtcdMutexSession implements LockSession<MutexHandle> {
  private readonly lease: Lease;

  constructor(
    private readonly client: Etcd3,
    private readonly keyPrefix: string,
    ttlSeconds: number,
  ) {
    this.lease = client.lease(ttlSeconds);
  }

  async acquire(name: string, ctx: OpContext): Promise<MutexHandle> {
    const leaseId = await this.lease.grant();
    const prefix = Buffer.from(`${this.keyPrefix}${name}/`);
    const key = Buffer.concat([prefix, Buffer.from(leaseId)]);
    const oldest = { key: prefix, range_end: prefixEnd(prefix), sort_order: 'Ascend' as const, sort_target: 'Create' as const, limit: 1 };
    const res = await this.client.kv.txn({
      compare: [{ key, target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key, value: Buffer.alloc(0), lease: leaseId } }, { request_range: oldest }],
      failure: [{ request_range: { key } }, { request_range: oldest }],
    });
    ctx.count('attempts');
    const mine = res.succeeded ? res.header.revision : res.responses[0].response_range.kvs[0]?.create_revision;
    if (mine === undefined) throw new Error(`lock key ${key.toString()} vanished`);
    const owner = res.responses[1].response_range.kvs[0];
    if (owner?.create_revision !== mine) {
      ctx.count('waits');
      try {
        await this.waitForPredecessors(prefix, BigInt(mine));
      } catch (err) {
        // Leave the queue, or every later waiter would wait for us.
        await this.client.kv.deleteRange({ key }).catch(() => undefined);
        throw err;
      }
    }
    return { key };
  }

  /** Until no key under the prefix is older than ours: wait for the next older one to go. */
  private async waitForPredecessors(prefix: Buffer, mine: bigint): Promise<void> {
    const deadline = Date.now() + WAIT_TIMEOUT_MS;
    for (;;) {
      const res = await this.client.kv.range({
        key: prefix,
        range_end: prefixEnd(prefix),
        sort_order: 'Descend',
        sort_target: 'Create',
        limit: 1,
        max_create_revision: (mine - 1n).toString(),
      });
      const predecessor = res.kvs[0];
      if (predecessor === undefined) return;
      // Watch from just after the range's revision, so a delete in between is not missed.
      const watcher = await this.client
        .watch()
        .key(predecessor.key)
        .startRevision((BigInt(res.header.revision) + 1n).toString())
        .only('delete')
        .create();
      try {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`lock not acquired within ${WAIT_TIMEOUT_MS} ms`);
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`lock not acquired within ${WAIT_TIMEOUT_MS} ms`)), remaining);
          watcher.once('delete', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      } finally {
        await watcher.cancel();
      }
    }
  }

  async release(handle: MutexHandle): Promise<void> {
    await this.client.kv.deleteRange({ key: handle.key });
  }

  async close(): Promise<void> {
    await this.lease.revoke().catch(() => undefined);
    this.client.close();
  }
}
