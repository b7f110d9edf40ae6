import { AppliedLog, AppliedState } from './applied-log';
import { SimStateMachine } from './state-machine';

/**
 * What a SimNode puts in a Raft snapshot: the applied-log record (for the Raft checkers) and the
 * state machine's own snapshot. A node restored from it must be indistinguishable from one that
 * applied every entry.
 */
interface NodeSnapshot {
  log: AppliedState;
  machine: string;
}

export function encodeNodeSnapshot(log: AppliedLog, machine: SimStateMachine): string {
  const snap: NodeSnapshot = { log: log.toState(), machine: machine.snapshot() };
  return JSON.stringify(snap);
}

/** Restores `machine` in place and returns the applied-log record. */
export function decodeNodeSnapshot(data: string, machine: SimStateMachine): AppliedLog {
  const parsed: unknown = JSON.parse(data);
  if (typeof parsed !== 'object' || parsed === null || !('log' in parsed) || !('machine' in parsed) || typeof parsed.machine !== 'string') {
    throw new Error(`snapshot data is not a sim node snapshot: ${data.slice(0, 80)}`);
  }
  const log = AppliedLog.fromState(parsed.log);
  machine.restore(parsed.machine);
  return log;
}
