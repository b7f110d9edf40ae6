import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessCluster, sleep } from '../process-cluster';
import { MessageLedger } from './message-ledger';

/** What the queue cluster tests share: the processes, the ledger, a dated event log and waits that fail with where to look. */
export interface QueueClusterFixture {
  dataDir: string;
  /** HTTP port of node1; node i listens on base + i - 1, its peer port 1000 above. */
  base: number;
  cluster: ProcessCluster;
  ledger: MessageLedger;
  /** A dated line for events.txt in the data directory. */
  note(line: string): void;
  /** The lines noted so far, one per line. */
  events(): string;
  /** Polls `check` every 200 ms; throws (and keeps the data directory) after `timeoutMs`. */
  until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void>;
  /** Keep the data directory (logs, events) after the run. */
  keepData(): void;
  /** Stops every process, writes events.txt, removes the data directory unless kept or KEEP_CLUSTER_DATA is set. */
  close(): Promise<void>;
}

/**
 * 3 voters (plus learners or joiners) as real processes over TCP with SQLite, a 25 ms tick, a
 * 3 s proposal timeout and `partitions` queue partitions, on random ports in 18100-18800.
 */
export function queueClusterFixture(name: string, opts: { partitions: number; learners?: number; joiners?: number }): QueueClusterFixture {
  const dataDir = mkdtempSync(join(tmpdir(), `cluster-${name}-`));
  const base = 18100 + Math.floor(Math.random() * 700);
  const cluster = new ProcessCluster({
    voters: 3,
    learners: opts.learners,
    joiners: opts.joiners,
    httpBasePort: base,
    peerBasePort: base + 1000,
    dataDir,
    store: 'sqlite',
    tickMs: 25,
    extraEnv: { QUEUE_PARTITIONS: String(opts.partitions), PROPOSAL_TIMEOUT_MS: '3000' },
  });
  const events: string[] = [];
  let keep = false;
  return {
    dataDir,
    base,
    cluster,
    ledger: new MessageLedger(),
    note: (line) => {
      events.push(`${new Date().toISOString()} ${line}`);
    },
    events: () => events.join('\n'),
    async until(what, check, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (await check()) return;
        await sleep(200);
      }
      keep = true;
      throw new Error(`timed out: ${what}; logs and events in ${dataDir}`);
    },
    keepData: () => {
      keep = true;
    },
    async close() {
      await cluster.stopAll();
      writeFileSync(join(dataDir, 'events.txt'), events.join('\n'));
      if (!process.env.KEEP_CLUSTER_DATA && !keep) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
