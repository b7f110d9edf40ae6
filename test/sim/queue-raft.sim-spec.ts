import { formatFailure, parseArgs, queueProduct, RunOptions, RunResult, runOptionsFromArgs, runSeed } from '@app/sim';

/**
 * A queue partition group under the simulator: every node applies the Raft log to the node app's
 * QueuePartitionMachine while the nemesis crashes nodes (losing un-fsynced writes), cuts and heals
 * the network, drops, duplicates and reorders messages, snapshots compact the log, and now and
 * then a voter loses its whole disk (removed, replaced by a new node with a new id, re-added as
 * learner, promoted). Producers retry with idempotency keys; consumers deliver, ack, nack or let
 * visibility expire; the leader expires deadlines and releases dead letters. Checked after every
 * apply: same answer (and state) at the same index everywhere, nothing invented, first
 * deliveries in partition order, nothing delivered after its ack; at the end (liveness phase,
 * everything drained): every acknowledged produce was delivered and settled.
 */
const SEEDS = 1000;
const CHUNK = 250;
const RUN: Partial<RunOptions> = { product: queueProduct(), safetyMs: 1200, voterChoices: [3, 3, 5] };

describe(`queue partition on Raft under the simulator (${SEEDS} seeds)`, () => {
  const totals: Record<string, number> = {};
  for (let from = 1; from <= SEEDS; from += CHUNK) {
    it(`seeds ${from}..${from + CHUNK - 1}: every queue invariant holds, every acknowledged produce is delivered`, () => {
      const failed: RunResult[] = [];
      for (let seed = from; seed < from + CHUNK; seed++) {
        const r = runSeed(seed, RUN);
        for (const [k, v] of Object.entries({ ...r.workload, crashes: r.stats.crashes, lostWrites: r.stats.lostWrites, snapshots: r.stats.snapshotsInstalled })) {
          totals[k] = (totals[k] ?? 0) + v;
        }
        if (!r.ok) failed.push(r);
      }
      if (failed.length > 0) process.stdout.write(`${failed.slice(0, 3).map(formatFailure).join('\n\n')}\n`);
      expect(failed.map((f) => `SEED=${f.seed} ${f.error?.split('\n')[0]} -> ${f.replay}`)).toEqual([]);
    }, 60_000);
  }

  it('reached the interesting states: redeliveries, dead letters, duplicates, disk replacements, lost writes, snapshots', () => {
    if (process.env.SIM_VERBOSE) process.stdout.write(`queue on raft totals: ${JSON.stringify(totals)}\n`);
    for (const k of ['redeliveries', 'produceDuplicates', 'conflicts', 'diskReplacements', 'lostWrites', 'snapshots', 'crashes']) {
      expect({ [k]: (totals[k] ?? 0) > SEEDS / 40 }).toEqual({ [k]: true });
    }
    // Three deliveries without an ack are rarer.
    expect(totals.deadLettered).toBeGreaterThan(SEEDS / 100);
    expect(totals.produceAcks).toBeGreaterThan(SEEDS * 5);
  });

  it('prints a replay command that reruns the very same run', () => {
    const r = runSeed(4242, RUN);
    expect(r.replay).toMatch(/^npm run sim -- --machine queue --seeds 1 --from 4242 /);
    const argv = r.replay.replace(/^npm run sim -- /, '').split(' ');
    expect(runSeed(4242, runOptionsFromArgs(parseArgs(argv))).fingerprint).toBe(r.fingerprint);
  });
});
