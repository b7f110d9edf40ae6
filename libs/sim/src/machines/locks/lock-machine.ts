import { LogEntry } from '@app/core';
import { ApplyOutcome, decodeLockCommand, LockCommand, LockTable } from '@app/locks';
import { SimStateMachine } from '../../state-machine';

/** What the lock machine answers for one entry: the decoded command and the table's outcome. */
export type LockApplied = { kind: 'lock'; command: LockCommand; outcome: ApplyOutcome } | { kind: 'foreign'; message: string };

/**
 * The control group's lock table as a simulator state machine, wired the way the node app wires
 * it: decode the entry, apply it at its log index (the fencing token source), snapshot = table
 * snapshot. `applyCommand` is the seam the deliberately broken variants override.
 */
export class LockMachine implements SimStateMachine {
  protected table = new LockTable();

  apply(entry: LogEntry): LockApplied {
    const cmd = decodeLockCommand(entry.data);
    if (!cmd.ok) return { kind: 'foreign', message: cmd.message };
    return { kind: 'lock', command: cmd.value, outcome: this.applyCommand(cmd.value, entry.index) };
  }

  protected applyCommand(command: LockCommand, index: number): ApplyOutcome {
    return this.table.apply(command, index);
  }

  snapshot(): string {
    return this.table.snapshot();
  }

  restore(data: string): void {
    if (data === '') this.table = new LockTable();
    else this.table.restore(data);
  }

  /** Read access for clients' leader duty and the checkers. */
  get locks(): LockTable {
    return this.table;
  }
}
