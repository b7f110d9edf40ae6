import { Clock } from '@app/core';

/** Simulated time in milliseconds. Only the simulator moves it, and only forwards. */
export class VirtualClock implements Clock {
  private ms: number;

  constructor(startMs = 0) {
    this.ms = startMs;
  }

  now(): number {
    return this.ms;
  }

  advanceTo(ms: number): void {
    if (ms < this.ms) throw new Error(`virtual clock cannot go back: ${ms} < ${this.ms}`);
    this.ms = ms;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.ms + ms);
  }
}
