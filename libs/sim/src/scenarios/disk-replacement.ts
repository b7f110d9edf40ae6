import { NodeId, SeededRandom } from '@app/core';
import { Cluster } from '../cluster';

type Phase = { kind: 'idle' } | { kind: 'removing'; node: NodeId } | { kind: 'adding'; node: NodeId } | { kind: 'promoting'; node: NodeId };

/**
 * Losing a whole disk, done the only safe way: a node that forgot its log and its votes must not
 * answer under its old identity (a member that has not learned of a removal still counts its
 * vote: seed 19 of the first queue campaign elected a leader without a committed entry that way).
 * So the disk loss is a membership change: the voter is removed (committed), the machine is
 * decommissioned, a new node with a new id and an empty disk boots with the bootstrap
 * configuration (not a voter of it, like the node app's joiners: with an empty base, catching up by
 * appends from index 1 made seed 101357's joiner believe it was the only voter after its promotion),
 * is added as a learner and promoted to voter once caught up. One replacement at a time, so a
 * majority of the replicas always keeps every acknowledged entry. Un-fsynced writes are lost on
 * every ordinary crash anyway (SimStorage).
 */
export class DiskReplacement {
  private phase: Phase = { kind: 'idle' };
  private active = false;
  /** Keep going until the replacement in progress is complete (the liveness phase). */
  private finishing = false;
  replacements = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly random: SeededRandom,
    /** Mean virtual ms between two replacements. */
    private readonly meanIntervalMs = 700,
    /** UNSAFE variant, to show the checkers catch it: the wiped node rejoins under its old id. */
    private readonly keepIdentity = false,
  ) {}

  start(): void {
    this.active = true;
    this.loop();
  }

  /** No new replacement; finish the one in progress. */
  finish(): void {
    this.finishing = true;
  }

  get idle(): boolean {
    return this.phase.kind === 'idle';
  }

  describe(): string {
    return this.phase.kind === 'idle' ? 'idle' : `${this.phase.kind} ${this.phase.node}`;
  }

  private loop(): void {
    this.cluster.schedule(50, 'disk replacement', () => {
      if (!this.active) return;
      this.step();
      this.loop();
    });
  }

  private step(): void {
    const c = this.cluster;
    const lead = c.leader();
    if (!lead) return;
    const { voters, learners } = lead.status.conf;
    const p = this.phase;
    switch (p.kind) {
      case 'idle': {
        if (this.finishing || !this.random.chance(50 / this.meanIntervalMs)) return;
        // The new member catches up by the leader's snapshot, or by appends from index 1 if it never compacted.
        if (voters.length < 3) return;
        const candidates = voters.filter((id) => id !== lead.id);
        const victim = candidates[this.random.int(candidates.length)];
        if (c.proposeConfChange({ type: 'remove', node: victim })) this.phase = { kind: 'removing', node: victim };
        return;
      }
      case 'removing':
        if (voters.includes(p.node) || learners.includes(p.node)) {
          // Re-propose if the change was lost with a leader.
          if (this.random.chance(0.1)) c.proposeConfChange({ type: 'remove', node: p.node });
          return;
        }
      {
        let fresh = p.node;
        if (this.keepIdentity) c.wipeKeepingIdentity(p.node);
        else fresh = c.replaceNode(p.node);
        this.replacements++;
        this.phase = { kind: 'adding', node: fresh };
        c.proposeConfChange({ type: 'add-learner', node: fresh });
        return;
      }
      case 'adding':
        if (!learners.includes(p.node) && !voters.includes(p.node)) {
          if (this.random.chance(0.2)) c.proposeConfChange({ type: 'add-learner', node: p.node });
          return;
        }
        this.phase = { kind: 'promoting', node: p.node };
        return;
      case 'promoting': {
        if (voters.includes(p.node)) {
          this.phase = { kind: 'idle' };
          return;
        }
        const node = c.node(p.node);
        if (!node.alive) c.restart(p.node);
        if (node.alive && node.applied.index >= lead.status.commit - 2) c.proposeConfChange({ type: 'add-voter', node: p.node });
        return;
      }
    }
  }
}
