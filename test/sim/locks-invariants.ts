// The lock-table invariants live in the simulator (libs/sim), which also checks them on every node of Raft runs.
export { LockInvariants } from '@app/sim';
