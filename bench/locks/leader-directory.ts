import { ProcessCluster } from '../../test/support/process-cluster';

/**
 * Where lock clients send their requests: the control group's leader. Any node would accept
 * them (a follower forwards to the leader), but a forward adds an HTTP hop and its CPU on the
 * same 2 cores, so the bench sends straight to the leader, as a client library that follows
 * the `leader` field of answers would. After a failure (connection refused, 503) a session calls
 * `invalidate()`, and the next call asks the running nodes who leads now.
 */
export class LeaderDirectory {
  private url: string;
  private stale = false;
  private refreshing: Promise<string> | undefined;
  private rotation = 0;

  constructor(
    private readonly cluster: ProcessCluster,
    leader: string,
  ) {
    this.url = cluster.url(leader);
  }

  /** The leader's base URL (refreshed first if a session reported it stale). */
  async leaderUrl(): Promise<string> {
    if (!this.stale) return this.url;
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  invalidate(): void {
    this.stale = true;
  }

  private async refresh(): Promise<string> {
    const views = await Promise.all(this.cluster.running().map((id) => this.cluster.view(id, 300)));
    const leader = views.find((v) => v?.role === 'leader')?.node ?? views.find((v) => v?.leader)?.leader;
    if (leader && this.cluster.running().includes(leader)) {
      this.url = this.cluster.url(leader);
      this.stale = false;
    } else {
      // Nobody leads yet: try the running nodes in turn (a follower answers 503 until it knows).
      const running = this.cluster.running();
      this.url = this.cluster.url(running[this.rotation++ % running.length]);
    }
    return this.url;
  }
}
