import { LockTable, LockTableOptions } from '../lock-table';
import { LockMode } from '../lock-mode';
import { ApplyOutcome, LockResult } from '../lock-result';
import { LockCommand } from '../lock-command';

/** Test driver: applies commands at increasing log indexes and a virtual time the test moves. */
export class LockDriver {
  readonly table: LockTable;
  index = 0;
  now = 1_000;
  readonly log: Array<{ command: LockCommand; index: number }> = [];

  constructor(options?: LockTableOptions) {
    this.table = new LockTable(options);
  }

  run(command: LockCommand): ApplyOutcome {
    this.index += 1;
    this.log.push({ command, index: this.index });
    return this.table.apply(command, this.index);
  }

  acquire(owner: string, lock: string, mode: LockMode = 'exclusive', opts: { ttlMs?: number; waitMs?: number; requestId?: string } = {}): ApplyOutcome {
    const { ttlMs = 30_000, waitMs = 0, requestId } = opts;
    return this.run({ type: 'acquire', lock, owner, mode, ttlMs, waitMs, now: this.now, ...(requestId ? { requestId } : {}) });
  }

  release(owner: string, lock: string, requestId?: string): ApplyOutcome {
    return this.run({ type: 'release', lock, owner, now: this.now, ...(requestId ? { requestId } : {}) });
  }

  renew(owner: string, lock: string, ttlMs = 30_000): ApplyOutcome {
    return this.run({ type: 'renew', lock, owner, ttlMs, now: this.now });
  }

  cancel(owner: string, lock: string): ApplyOutcome {
    return this.run({ type: 'cancelWait', lock, owner, now: this.now });
  }

  expire(): ApplyOutcome {
    return this.run({ type: 'expire', now: this.now });
  }

  advance(ms: number): void {
    this.now += ms;
  }

  holders(lock: string): string[] {
    return this.table.viewLock(lock).holders.map((h) => `${h.owner}:${h.mode}`);
  }

  waiters(lock: string): string[] {
    return this.table.viewLock(lock).waiters.map((w) => `${w.owner}:${w.mode}${w.upgrade ? '^' : ''}`);
  }
}

/** Narrows a result to one variant, failing the test with the actual result otherwise. */
export function expectType<T extends LockResult['type']>(result: LockResult, type: T): Extract<LockResult, { type: T }> {
  if (result.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(result)}`);
  return result as Extract<LockResult, { type: T }>;
}
