import { ConfChange, RaftMessage, SeededRandom } from '@app/core';
import { Cluster } from '../cluster';
import { exponential } from '../draws';
import { pick, randomSplit, randomWeather } from './network-weather';

export interface FaultOptions {
  /** Mean virtual ms between two fault actions. */
  meanIntervalMs: number;
  crashes: boolean;
  partitions: boolean;
  /** Change loss/duplication/delay/reorder during the run. */
  weather: boolean;
  leaderTransfers: boolean;
  /** Force elections on random nodes now and then. */
  campaigns: boolean;
  /** Linearizable reads through ReadIndex. */
  reads: boolean;
  /** Probability that a crash may take the cluster below a live majority. */
  minorityCrashProbability: number;
  /**
   * Probability of rebooting a node right after it granted a vote or acknowledged entries: the
   * promise must survive the reboot (BUGGIFY-style targeting of the dangerous moment).
   */
  rebootAfterPromise: { vote: number; append: number };
  /** Single-server membership changes: promote learners, remove voters/learners, re-add removed nodes. */
  membership: boolean;
}

export const ALL_FAULTS: FaultOptions = {
  meanIntervalMs: 150,
  crashes: true,
  partitions: true,
  weather: true,
  leaderTransfers: true,
  campaigns: true,
  reads: true,
  minorityCrashProbability: 0.15,
  rebootAfterPromise: { vote: 0.25, append: 0.01 },
  membership: false,
};

type Action = { weight: number; run: () => void };

/**
 * The safety phase's nemesis: at random times it crashes and restarts nodes, cuts the network
 * (two sides, one way, or one node alone), heals it, changes the weather, moves leadership and
 * issues reads. It only uses the cluster's public controls, so the models stay scenario-free.
 */
export class RandomFaults {
  private active = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly random: SeededRandom,
    private readonly options: FaultOptions,
  ) {}

  start(): void {
    this.active = true;
    this.scheduleNext();
    if (this.options.crashes) this.cluster.onMessageSent((m) => this.maybeRebootAfterPromise(m));
  }

  private maybeRebootAfterPromise(m: RaftMessage): void {
    if (!this.active) return;
    const p = this.options.rebootAfterPromise;
    const promised = (m.type === 'vote-resp' && !m.reject && this.random.chance(p.vote)) || (m.type === 'append-resp' && !m.reject && this.random.chance(p.append));
    if (!promised) return;
    const c = this.cluster;
    const node = m.from;
    // Not inside the node's own send: crash it as the very next event, reboot it a moment later.
    c.schedule(0, `reboot after ${m.type} ${node}`, () => {
      c.crash(node);
      c.schedule(1 + this.random.int(10), `reboot ${node}`, () => c.restart(node));
    });
  }

  stop(): void {
    this.active = false;
  }

  private scheduleNext(): void {
    const delay = 1 + exponential(this.random, this.options.meanIntervalMs, 10);
    this.cluster.schedule(delay, 'nemesis', () => {
      if (!this.active) return;
      this.act();
      this.scheduleNext();
    });
  }

  private act(): void {
    const actions = this.actions().filter((a) => a.weight > 0);
    const total = actions.reduce((s, a) => s + a.weight, 0);
    if (total === 0) return;
    let r = this.random.next() * total;
    for (const a of actions) {
      r -= a.weight;
      if (r < 0) {
        a.run();
        return;
      }
    }
  }

  /** One single-server change, chosen among those that keep at least two voters. */
  private changeMembership(): void {
    const c = this.cluster;
    const leader = c.leader();
    if (!leader) return;
    const { voters, learners } = leader.status.conf;
    const outside = c.nodeIds.filter((id) => !voters.includes(id) && !learners.includes(id));
    const choices: ConfChange[] = [
      ...learners.map((node): ConfChange => ({ type: 'add-voter', node })),
      ...outside.map((node): ConfChange => ({ type: 'add-learner', node })),
      ...learners.map((node): ConfChange => ({ type: 'remove', node })),
      ...(voters.length > 2 ? voters.map((node): ConfChange => ({ type: 'remove', node })) : []),
    ];
    if (choices.length > 0) c.proposeConfChange(pick(this.random, choices));
  }

  private actions(): Action[] {
    const c = this.cluster;
    const o = this.options;
    const r = this.random;
    const alive = c.aliveIds();
    const crashed = c.crashedIds();
    const quorum = Math.floor(c.voterIds.length / 2) + 1;
    const aliveVoters = c.voterIds.filter((id) => c.node(id).alive).length;
    const leader = c.leader();
    return [
      {
        weight: o.crashes && alive.length > 0 && (aliveVoters > quorum || r.chance(o.minorityCrashProbability)) ? 3 : 0,
        run: () => {
          // Leaders are the interesting victims: prefer them half of the time.
          const victim = leader && r.chance(0.5) ? leader.id : pick(r, alive);
          c.crash(victim);
          if (r.chance(0.85)) c.schedule(50 + r.int(600), `auto-restart ${victim}`, () => c.restart(victim));
        },
      },
      { weight: o.crashes && crashed.length > 0 ? 2 : 0, run: () => c.restart(pick(r, crashed)) },
      {
        weight: o.partitions ? 2 : 0,
        run: () => {
          const [a, b] = randomSplit(r, c.nodeIds);
          c.network.partition(a, b);
          c.trace.record(c.now, `partition ${a.join(',')} | ${b.join(',')}`);
        },
      },
      {
        weight: o.partitions ? 1 : 0,
        run: () => {
          const [a, b] = randomSplit(r, c.nodeIds);
          c.network.partitionOneWay(a, b);
          c.trace.record(c.now, `one-way cut ${a.join(',')} -> ${b.join(',')}`);
        },
      },
      {
        weight: o.partitions ? 2 : 0,
        run: () => {
          const victim = leader && r.chance(0.6) ? leader.id : pick(r, c.nodeIds);
          c.network.isolate(victim, c.nodeIds);
          c.trace.record(c.now, `isolate ${victim}`);
        },
      },
      {
        weight: o.partitions ? 4 : 0,
        run: () => {
          c.network.heal();
          c.trace.record(c.now, 'heal');
        },
      },
      {
        weight: o.weather ? 1 : 0,
        run: () => {
          const w = randomWeather(r);
          c.network.setOptions(w);
          c.trace.record(c.now, `weather ${JSON.stringify(w)}`);
        },
      },
      {
        weight: o.leaderTransfers && leader ? 1 : 0,
        run: () => c.transferLeadership(pick(r, c.voterIds)),
      },
      { weight: o.campaigns && alive.length > 0 ? 0.5 : 0, run: () => c.campaign(pick(r, alive)) },
      {
        // Dueling candidates: two elections in the same term split the votes.
        weight: o.campaigns && alive.length > 1 ? 1 : 0,
        run: () => {
          const [a, b] = randomSplit(r, alive);
          c.campaign(a[0]);
          c.campaign(b[0]);
        },
      },
      {
        // A reboot within milliseconds: whatever the node promised must come back from its disk.
        weight: o.crashes && alive.length > 0 ? 1.5 : 0,
        run: () => {
          const victim = pick(r, alive);
          c.crash(victim);
          c.schedule(1 + r.int(15), `bounce ${victim}`, () => c.restart(victim));
        },
      },
      { weight: o.reads && alive.length > 0 ? 2 : 0, run: () => c.read(pick(r, alive)) },
      { weight: o.membership && leader ? 3 : 0, run: () => this.changeMembership() },
    ];
  }
}
