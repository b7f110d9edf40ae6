import { DeadLetter } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { ContextLogger, JsonLogger } from '../logging/json-logger';
import { QueueForwarder } from './queue-forwarder.service';
import { deadLetterQueueOf, isValidQueueName } from './queue-names';
import { HostedPartition, QueuePartitions } from './queue-partitions.service';
import { QueueService } from './queue.service';

/** Dead letters moved per duty round: bounds the time one partition's duty takes. */
const BATCH = 64;

/**
 * Moves a partition's dead letters into `<queue>.dlq`, a normal queue that may live on another
 * partition (and leader). Each letter is produced there with a dedupe key derived from its message
 * id, and only letters whose produce was acknowledged are released from the source partition: a
 * leader that dies in between leaves them pending, and its successor's retry is deduplicated.
 */
@Injectable()
export class DeadLetterMover {
  private readonly log: ContextLogger;
  private readonly warned = new Set<string>();

  constructor(
    private readonly partitions: QueuePartitions,
    private readonly forwarder: QueueForwarder,
    private readonly queues: QueueService,
    logger: JsonLogger,
  ) {
    this.log = logger.child('DeadLetterMover');
  }

  /** False when `<queue>.dlq` would not be a valid name (over 255 characters): they stay pending. */
  canMove(queue: string): boolean {
    if (isValidQueueName(deadLetterQueueOf(queue))) return true;
    if (!this.warned.has(queue)) {
      this.warned.add(queue);
      this.log.warn('dead letters cannot be moved: the dead-letter queue name would be too long', { queue });
    }
    return false;
  }

  async move(source: HostedPartition, queue: string): Promise<void> {
    const letters = source.machine.pendingDeadLetters(queue).slice(0, BATCH);
    const moved: DeadLetter[] = [];
    for (const letter of letters) {
      if (await this.produceCopy(queue, letter)) moved.push(letter);
      else break;
    }
    if (moved.length > 0) await this.queues.releaseDeadLetters(source, queue, moved);
  }

  private async produceCopy(queue: string, letter: DeadLetter): Promise<boolean> {
    const dlq = deadLetterQueueOf(queue);
    const target = this.partitions.placement.of(dlq);
    const headers = { 'content-type': 'application/json', 'x-dead-letter-of': letter.messageId };
    const answer = await this.forwarder.route(target, { method: 'POST', path: `/queue/${encodeURIComponent(dlq)}`, headers, body: letter.data, forwarded: false }, () => {
      const local = this.partitions.local(target.index);
      if (!local) throw new Error(`partition ${target.group} is not hosted here`);
      return this.queues.produce(local, { queue: dlq, data: letter.data, deadLetterOf: letter.messageId });
    });
    if (answer.status === 201) return true;
    this.log.warn('dead letter not moved yet', { queue, dlq, message_id: letter.messageId, status: answer.status });
    return false;
  }
}
