// The partition state machine lives in libs/queue (pure; the simulator runs it under Raft faults).
export { QueuePartitionMachine } from '@app/queue';
export type { QueueChangeListener } from '@app/queue';
