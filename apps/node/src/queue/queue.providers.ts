import { Provider, Type } from '@nestjs/common';
import { DeadLetterMover } from './dead-letter-mover.service';
import { QUEUE_CLOCK, QueueSystemClock } from './queue-clock';
import { QueueForwarder } from './queue-forwarder.service';
import { QueueLeaderDuties } from './queue-leader-duties.service';
import { QueueListing } from './queue-listing.service';
import { QueuePartitions } from './queue-partitions.service';
import { QueueController } from './queue.controller';
import { QueueService } from './queue.service';

/** The distributed queue's part of the node module (docs/QUEUE.md). */
export const QUEUE_CONTROLLERS: Type[] = [QueueController];

export const QUEUE_PROVIDERS: Provider[] = [
  { provide: QUEUE_CLOCK, useClass: QueueSystemClock },
  QueuePartitions,
  QueueForwarder,
  QueueService,
  QueueListing,
  DeadLetterMover,
  QueueLeaderDuties,
];
