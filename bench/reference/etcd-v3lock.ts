import { join } from 'node:path';
import { CallOptions, Client, credentials, Metadata, ServiceError } from '@grpc/grpc-js';
import { loadSync, MethodDefinition } from '@grpc/proto-loader';
import { Etcd3, Lease } from 'etcd3';
import { LockSession, OpContext } from '../support';

/**
 * etcd's own lock service: the v3lock gRPC API that etcd 3.4 serves on its client port (the
 * server side of `etcdctl lock`). The server runs the concurrency Mutex with the caller's lease:
 * Lock puts `<name>/<lease hex>` if absent and answers only once no older key is left under
 * `<name>/` (waiters queue by create revision, woken by watching their predecessor's delete);
 * Unlock deletes that key. So a waiting client makes one call; the waiting happens in etcd.
 *
 * One lease per session (granted and kept alive by the session's etcd3 client), reused for every
 * lock, as the concurrency Session does. The Lock/Unlock calls go over the session's own gRPC channel
 * (@grpc/grpc-js, our bench/reference/v3lock.proto) to one member, the others listed after it
 * in pick-first order, so a session moves on when its member dies.
 */
interface LockRequest {
  name: Buffer;
  lease: string;
}
interface LockResponse {
  key: Buffer;
}
interface UnlockRequest {
  key: Buffer;
}

interface LockService {
  Lock: MethodDefinition<LockRequest, LockResponse>;
  Unlock: MethodDefinition<UnlockRequest, object>;
}

let service: LockService | undefined;

/** The v3lockpb.Lock methods (paths and codecs) from our .proto, loaded once per process. */
function lockService(): LockService {
  service ??= loadSync(join(__dirname, 'v3lock.proto'), { longs: String, defaults: true })['v3lockpb.Lock'] as unknown as LockService;
  return service;
}

/** A grpc-js target that tries the members in order, starting at `first`. */
export function pickFirstTarget(endpoints: readonly string[], first: number): string {
  const hosts = endpoints.map((e) => new URL(e).host);
  const rotated = hosts.map((_, i) => hosts[(first + i) % hosts.length]);
  return `ipv4:${rotated.join(',')}`;
}

export interface V3LockOptions {
  /** grpc-js target (see pickFirstTarget). */
  target: string;
  ttlSeconds: number;
  /** Deadline of a Lock call, which includes the wait in etcd's queue. */
  lockDeadlineMs: number;
  /** Deadline of an Unlock call. */
  unlockDeadlineMs: number;
}

export class EtcdV3LockSession implements LockSession<Buffer> {
  private readonly lease: Lease;
  private readonly rpc: Client;

  constructor(
    private readonly client: Etcd3,
    private readonly keyPrefix: string,
    private readonly opts: V3LockOptions,
  ) {
    this.lease = client.lease(opts.ttlSeconds);
    this.rpc = new Client(opts.target, credentials.createInsecure());
  }

  async acquire(name: string, ctx: OpContext): Promise<Buffer> {
    const lease = await this.lease.grant();
    ctx.count('attempts');
    const res = await this.call(lockService().Lock, { name: Buffer.from(this.keyPrefix + name), lease }, this.opts.lockDeadlineMs);
    return res.key;
  }

  async release(key: Buffer): Promise<void> {
    await this.call(lockService().Unlock, { key }, this.opts.unlockDeadlineMs);
  }

  async close(): Promise<void> {
    await this.lease.revoke().catch(() => undefined);
    this.rpc.close();
    this.client.close();
  }

  private call<Req, Res>(method: MethodDefinition<Req, Res>, request: Req, deadlineMs: number): Promise<Res> {
    const options: CallOptions = { deadline: Date.now() + deadlineMs };
    return new Promise<Res>((resolve, reject) => {
      this.rpc.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, request, new Metadata(), options, (err: ServiceError | null, res?: Res) => {
        if (err || res === undefined) reject(err ?? new Error(`${method.path}: empty answer`));
        else resolve(res);
      });
    });
  }
}
