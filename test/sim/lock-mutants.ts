import { ApplyOutcome, LockCommand } from '@app/locks';
import { LockMachine } from '@app/sim';

/** Deliberately broken lock machines: the simulator's lock checkers must catch each one. */

/** Grants without checking the holder: an acquire first throws out whoever holds the lock. */
export class GrantsOverHolders extends LockMachine {
  protected override applyCommand(command: LockCommand, index: number): ApplyOutcome {
    if (command.type === 'acquire') {
      const snap = JSON.parse(this.table.snapshot()) as { locks: { name: string; holders: unknown[] }[] };
      const target = snap.locks.find((l) => l.name === command.lock);
      if (target && target.holders.length > 0) {
        target.holders = [];
        this.table.restore(JSON.stringify(snap));
      }
    }
    return this.table.apply(command, index);
  }
}

/** A snapshot that leaves out the wait queues: a node restored from it differs from the others. */
export class SnapshotForgetsWaiters extends LockMachine {
  override snapshot(): string {
    const snap = JSON.parse(this.table.snapshot()) as { locks: { holders: unknown[]; waiters: unknown[] }[] };
    snap.locks = snap.locks.filter((l) => l.holders.length > 0).map((l) => ({ ...l, waiters: [] }));
    return JSON.stringify(snap);
  }
}
