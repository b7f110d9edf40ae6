import { SeededRandom } from '@app/core';
import { QueueCommand } from './commands';
import { PartitionState } from './partition-state';
import { QueueResult } from './results';

/**
 * Random command sequences, one per seed, checked after every command against what the queue
 * promises: nothing invented, an acked message never delivered again, first deliveries in
 * produce order, every produced message accounted for (visible, in flight, acked or dead), and
 * nothing lost once everything is drained. Snapshots are taken and restored along the way; the
 * restored copy must answer exactly like the original. A failure names its seed.
 */
const SEEDS = 200;
const STEPS = 300;
const MAX_DELIVERIES = 3;

describe('PartitionState invariants over random command sequences', () => {
  it(`holds for ${SEEDS} seeds`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      try {
        runSeed(seed);
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).message}`);
      }
    }
  });
});

function runSeed(seed: number): void {
  const rng = new SeededRandom(seed);
  const config = { maxDeliveries: MAX_DELIVERIES, dedupeWindowMs: 40 };
  let state = new PartitionState(config);
  let mirror: PartitionState | undefined;
  const model = new Model();
  let now = 0;
  let nextId = 0;
  let nextReceipt = 0;

  const apply = (c: QueueCommand): QueueResult => {
    const r = state.apply(c);
    if (mirror !== undefined) expectSame(mirror.apply(c), r);
    model.check(c, r);
    const s = state.stats();
    check(s.depth + s.inFlight + model.acked.size + model.dead.size === model.produced.size, 'a produced message is unaccounted for');
    return r;
  };

  for (let step = 0; step < STEPS; step++) {
    now += rng.int(10);
    const roll = rng.int(100);
    if (roll < 30) {
      const key = rng.chance(0.3) ? `k${rng.int(5)}` : undefined;
      apply({ type: 'produce', id: `m${nextId++}`, data: `d${nextId}`, idempotencyKey: key, now });
    } else if (roll < 55) {
      const max = 1 + rng.int(4);
      const receipts = Array.from({ length: max }, () => `r${nextReceipt++}`);
      apply({ type: 'deliver', consumer: `c${rng.int(3)}`, max, visibilityMs: rng.int(50), now, receipts });
    } else if (roll < 75) {
      apply({ type: 'ack', ackToken: model.pickToken(rng), now });
    } else if (roll < 85) {
      apply({ type: 'nack', ackToken: model.pickToken(rng), now });
    } else if (roll < 93) {
      apply({ type: 'expireVisibility', now });
    } else if (roll < 96) {
      apply({ type: 'releaseDeadLetters', ids: state.pendingDeadLetters().map((d) => d.messageId), now });
    } else {
      // Restart from a snapshot (as a replica that installs one would), keeping the old state as a mirror.
      mirror = state;
      state = PartitionState.restore(JSON.parse(JSON.stringify(state.snapshot())), config);
    }
  }

  // Drain: everything produced must end acked or dead-lettered.
  for (let round = 0; round < 100 && state.stats().depth + state.stats().inFlight > 0; round++) {
    now += 1000;
    apply({ type: 'expireVisibility', now });
    const r = apply({ type: 'deliver', consumer: 'drain', max: 50, visibilityMs: 10, now, receipts: Array.from({ length: 50 }, () => `r${nextReceipt++}`) });
    if (r.type === 'delivered') for (const d of r.deliveries) apply({ type: 'ack', ackToken: d.ackToken, now });
  }
  check(state.stats().depth + state.stats().inFlight === 0, 'drain did not empty the partition');
  for (const id of model.produced.keys()) check(model.acked.has(id) || model.dead.has(id), `message ${id} was lost`);
}

class Model {
  /** Non-duplicate produces: id -> data and seq. */
  readonly produced = new Map<string, { data: string; seq: number }>();
  readonly acked = new Set<string>();
  readonly dead = new Set<string>();
  private readonly tokens: string[] = [];
  private firstDelivered = -1;
  private readonly deliveryCounts = new Map<string, number>();

  pickToken(rng: SeededRandom): string {
    if (this.tokens.length === 0 || rng.chance(0.1)) return `unknown${rng.int(1000)}`;
    // Mostly recent tokens, sometimes old ones (stale receipts).
    const i = rng.chance(0.7) ? this.tokens.length - 1 - rng.int(Math.min(8, this.tokens.length)) : rng.int(this.tokens.length);
    return this.tokens[i];
  }

  check(c: QueueCommand, r: QueueResult): void {
    switch (r.type) {
      case 'produced':
        if (c.type !== 'produce') throw new Error('produced for a non-produce command');
        if (!r.duplicate) {
          check(!this.produced.has(r.messageId), `seq reused for ${r.messageId}`);
          check(r.seq === this.produced.size, `seq ${r.seq} is not the next one`);
          this.produced.set(r.messageId, { data: c.data, seq: r.seq });
        } else {
          check(this.produced.has(r.messageId), 'duplicate of a message never produced');
        }
        break;
      case 'delivered':
        for (const d of r.deliveries) {
          const p = this.produced.get(d.messageId);
          check(p !== undefined && p.data === d.data && p.seq === d.seq, `invented or altered message ${d.messageId}`);
          check(!this.acked.has(d.messageId), `acked message ${d.messageId} delivered again`);
          check(!this.dead.has(d.messageId), `dead letter ${d.messageId} delivered again`);
          const count = (this.deliveryCounts.get(d.messageId) ?? 0) + 1;
          this.deliveryCounts.set(d.messageId, count);
          check(d.deliveryCount === count && count <= MAX_DELIVERIES, `delivery count ${d.deliveryCount} of ${d.messageId}`);
          if (count === 1) {
            check(d.seq === this.firstDelivered + 1, `first delivery out of order: seq ${d.seq} after ${this.firstDelivered}`);
            this.firstDelivered = d.seq;
          }
          this.tokens.push(d.ackToken);
        }
        this.recordDead(r.deadLettered.map((d) => d.messageId));
        break;
      case 'acked':
        if (!r.duplicate) {
          check(!this.acked.has(r.messageId) && !this.dead.has(r.messageId), `${r.messageId} acked twice`);
          this.acked.add(r.messageId);
        } else {
          check(this.acked.has(r.messageId), 'duplicate ack of a message never acked');
        }
        break;
      case 'nacked':
        if (r.deadLettered) this.recordDead([r.messageId]);
        break;
      case 'expired':
        this.recordDead(r.deadLettered.map((d) => d.messageId));
        break;
      case 'conflict':
      case 'notFound':
      case 'released':
        break;
      case 'rejected':
        throw new Error(`generated command rejected: ${r.reason}`);
    }
  }

  private recordDead(ids: string[]): void {
    for (const id of ids) {
      check(!this.acked.has(id) && !this.dead.has(id), `${id} dead-lettered after it left`);
      check((this.deliveryCounts.get(id) ?? 0) === MAX_DELIVERIES, `${id} dead-lettered before its last delivery`);
      this.dead.add(id);
    }
  }
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

function expectSame(a: QueueResult, b: QueueResult): void {
  check(JSON.stringify(a) === JSON.stringify(b), `restored state answered ${JSON.stringify(b)}, original ${JSON.stringify(a)}`);
}
