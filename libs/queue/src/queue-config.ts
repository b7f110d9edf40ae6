export interface QueueConfig {
  /** Deliveries after which an unacknowledged message goes to the dead letters. */
  readonly maxDeliveries: number;
  /** How long an Idempotency-Key (and an acked token, for retried acks) is remembered. */
  readonly dedupeWindowMs: number;
}

export const DEFAULT_QUEUE_CONFIG: QueueConfig = { maxDeliveries: 5, dedupeWindowMs: 5 * 60_000 };
