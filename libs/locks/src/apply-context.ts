import { LockEvent } from './lock-result';
import { LockTableState } from './lock-table-state';

/** What one apply() works with: the state, the command's log index and (monotonic) time, and the events it produces. */
export interface ApplyContext {
  table: LockTableState;
  index: number;
  now: number;
  events: LockEvent[];
}
