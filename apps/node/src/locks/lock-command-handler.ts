import { ApplyOutcome, decodeLockCommand, LockTable } from '@app/locks';
import { CommandHandler } from '../consensus/command-router';

/** Envelope kind of lock commands in the control group's log. */
export const LOCK_KIND = 'lock';

/** Called after every applied lock command, on every node, in log order. */
export type LockApplyListener = (outcome: ApplyOutcome, index: number) => void;

/**
 * The lock table as one part of the control group's state machine (next to the diagnostic
 * register). The envelope body is the encoded LockCommand string; a body that does not decode
 * is answered `invalid` the same way on every replica, so apply stays deterministic.
 */
export class LockCommandHandler implements CommandHandler {
  private current = new LockTable();
  private readonly listeners: LockApplyListener[] = [];

  get table(): LockTable {
    return this.current;
  }

  onApplied(listener: LockApplyListener): void {
    this.listeners.push(listener);
  }

  apply(body: unknown, at: { index: number; term: number }): ApplyOutcome {
    const decoded = typeof body === 'string' ? decodeLockCommand(body) : null;
    const outcome: ApplyOutcome =
      decoded?.ok === true
        ? this.current.apply(decoded.value, at.index)
        : { result: { type: 'invalid', message: decoded?.ok === false ? decoded.message : 'lock command must be an encoded string' }, events: [], replayed: false };
    for (const listener of this.listeners) listener(outcome, at.index);
    return outcome;
  }

  snapshot(): string {
    return this.current.snapshot();
  }

  restore(state: unknown): void {
    // A snapshot taken before locks were wired has no lock part: start from an empty table.
    if (state === undefined || state === null) {
      this.current = new LockTable();
      return;
    }
    if (typeof state !== 'string') throw new Error('lock table snapshot must be a string');
    this.current.restore(state);
  }
}
