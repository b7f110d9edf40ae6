import { LogStore } from '@app/core';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { RaftDriver } from '../consensus/raft-driver.service';

const PROBE_TIMEOUT_MS = 2000;

/**
 * Up when the log store takes writes: the consensus loop has not failed on a write, and an
 * empty write batch (a transaction with nothing in it, no trace left) completes in time.
 */
@Injectable()
export class StoreHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly store: LogStore,
    private readonly driver: RaftDriver,
  ) {}

  async check(key = 'store'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const failed = this.driver.stats().failed;
    if (failed) return indicator.down({ reason: `a durable write failed: ${failed}` });
    const started = Date.now();
    try {
      await withTimeout(this.store.write([]), PROBE_TIMEOUT_MS);
      return indicator.up({ probe_ms: Date.now() - started });
    } catch (e) {
      return indicator.down({ reason: e instanceof Error ? e.message : String(e) });
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`store probe took more than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
