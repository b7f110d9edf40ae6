/** What applying one command did; the proposer's caller turns it into the API answer. */
export type QueueResult =
  | { readonly type: 'produced'; readonly messageId: string; readonly seq: number; readonly duplicate: boolean }
  | { readonly type: 'delivered'; readonly deliveries: readonly Delivery[]; readonly deadLettered: readonly DeadLetter[] }
  | { readonly type: 'acked'; readonly messageId: string; readonly duplicate: boolean }
  | { readonly type: 'nacked'; readonly messageId: string; readonly deadLettered: boolean }
  | { readonly type: 'expired'; readonly returned: readonly string[]; readonly deadLettered: readonly DeadLetter[] }
  | { readonly type: 'released'; readonly count: number }
  /** The token belongs to an earlier delivery: the message was delivered again, or left the queue. */
  | { readonly type: 'conflict'; readonly messageId: string; readonly reason: 'redelivered' | 'acked' | 'dead-lettered' }
  | { readonly type: 'notFound' }
  /** A malformed command: nothing changed. Apply never throws on a committed entry. */
  | { readonly type: 'rejected'; readonly reason: string };

export interface Delivery {
  readonly messageId: string;
  readonly seq: number;
  readonly data: string;
  readonly ackToken: string;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  readonly visibleAt: number;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly seq: number;
  readonly data: string;
  readonly deliveryCount: number;
  readonly producedAt: number;
  readonly deadAt: number;
}

export interface PartitionStats {
  /** Visible messages waiting for a consumer. */
  readonly depth: number;
  readonly inFlight: number;
  readonly deadLetters: number;
  readonly nextSeq: number;
}
