/** Queue names: letters, digits, `_ . -`, starting with a letter, digit or `_`; at most 255 characters. */
const QUEUE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

export const DLQ_SUFFIX = '.dlq';

export function isValidQueueName(name: string): boolean {
  return QUEUE_NAME.test(name);
}

/** Where a queue's dead letters go. A dead-letter queue is a normal queue (it has its own `.dlq`). */
export function deadLetterQueueOf(name: string): string {
  return `${name}${DLQ_SUFFIX}`;
}
