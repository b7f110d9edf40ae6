import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessCluster, ProcessClusterOptions } from '../process-cluster';
import { LockWorkload } from './lock-workload';

export interface LockTestClusterOptions {
  /** Short, so that a client's unknown outcome stays short. */
  proposalTimeoutMs: number;
  hosts?: ProcessClusterOptions['hosts'];
  launcher?: ProcessClusterOptions['launcher'];
}

/**
 * Three SQLite voters as processes for the lock cluster tests (one queue partition keeps the
 * machine quiet), in a fresh data dir that is removed only after a clean pass: a failure keeps
 * node logs (and history.json) for the post-mortem.
 */
export class LockTestCluster {
  readonly dataDir: string;
  readonly cluster: ProcessCluster;
  private workload: LockWorkload | null = null;
  private passed = false;

  constructor(name: string, opts: LockTestClusterOptions) {
    this.dataDir = mkdtempSync(join(tmpdir(), `cluster-${name}-`));
    const base = 18500 + Math.floor(Math.random() * 400);
    this.cluster = new ProcessCluster({
      voters: 3,
      httpBasePort: base,
      peerBasePort: base + 1000,
      dataDir: this.dataDir,
      store: 'sqlite',
      hosts: opts.hosts,
      launcher: opts.launcher,
      extraEnv: { PROPOSAL_TIMEOUT_MS: String(opts.proposalTimeoutMs), QUEUE_PARTITIONS: '1' },
    });
  }

  /** The workload to stop first on teardown. */
  track(workload: LockWorkload): void {
    this.workload = workload;
  }

  markPassed(): void {
    this.passed = true;
  }

  /** After a failure the clients would go on forever: stops them first (no retries), then the nodes. */
  async stop(): Promise<void> {
    await this.workload?.abort();
    await this.cluster.stopAll();
  }

  removeDataIfPassed(): void {
    if (this.passed && !process.env.KEEP_CLUSTER_DATA) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
