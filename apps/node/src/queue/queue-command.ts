// The partition log's entry codec lives in libs/queue (the simulator applies the same entries).
export { decodeQueueEntry, encodeQueueEntry } from '@app/queue';
export type { QueueEntry } from '@app/queue';
