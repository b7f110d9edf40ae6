/**
 * Fencing tokens. A token is the Raft log index of the command that made the grant, so it is
 * the same on every node and keeps growing across leader changes. One command can grant several
 * waiters at once (a run of shared waiters), so a table-wide counter breaks the tie:
 * token = max(lastToken + 1, index). Tokens therefore strictly increase across the whole table,
 * hence per lock, and never fall below the grant's log index.
 */
export function nextFencingToken(lastToken: number, index: number): number {
  return Math.max(lastToken + 1, index);
}
