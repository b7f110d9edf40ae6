/**
 * @app/locks — the lock manager's replicated state machine (ARCHITECTURE §4).
 *
 * Pure: no I/O, no clock, no randomness. The node wires it to the control group's Raft log:
 *   propose encodeLockCommand(cmd) (leader stamps `now`), then for each committed entry
 *   decodeLockCommand(entry.data) -> table.apply(cmd, entry.index) -> { result, events, replayed }.
 * HTTP input is checked first with the validation helpers (lock-name, lock-params).
 */
export { LockTable } from './lock-table';
export type { LockTableOptions } from './lock-table';
export type { LockCommand, LockCommandType, AcquireCommand, ReleaseCommand, RenewCommand, CancelWaitCommand, ExpireCommand } from './lock-command';
export { encodeLockCommand, decodeLockCommand, checkLockCommand } from './lock-command-codec';
export type * from './lock-result';
export { LOCK_MODES, isLockMode, modesCompatible } from './lock-mode';
export type { LockMode } from './lock-mode';
export type { LockView, LockTableView, WaiterView } from './lock-view';
export type { WaitEdge } from './wait-for-graph';
export { findCycleThrough, findAnyCycle, successorsFromEdges } from './wait-for-graph';
export { DEFAULT_DEDUPE_LIMITS } from './dedupe';
export type { DedupeLimits } from './dedupe';
export * from './lock-limits';
export { validateLockName, validateOwner, validateRequestId, resolveOwner } from './lock-name';
export { parseLockType, parseTtlMs, parseWaitMs } from './lock-params';
export type { ParseResult } from './parse-result';
