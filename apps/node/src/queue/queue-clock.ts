import { Clock } from '@app/core';

/** DI token of the Clock that stamps queue commands (`now`); tests may swap it. */
export const QUEUE_CLOCK = Symbol('QUEUE_CLOCK');

/** Wall time of the proposing leader: the only place the queue path reads it. */
export class QueueSystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
