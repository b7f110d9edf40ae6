import { Clock } from '@app/core';

/** DI token of the Clock the lock service stamps commands with (tests may swap it). */
export const LOCK_CLOCK = Symbol('LOCK_CLOCK');

/** The system clock: the only place the lock path reads wall time. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
