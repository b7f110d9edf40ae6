/**
 * `npm start`: preflight checks, then node1..nodeN and the gateway as child processes, the URLs,
 * the leader once elected (and later changes), and a clean stop on Ctrl-C / SIGTERM / SIGHUP.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemberAddress } from '@app/core';
import { gatewayEnv, nodeEnv } from './child-env';
import { ensureDirs, wipeDataDir } from './data-dir';
import { isNodeProcess, orphansOf, readState, removeState, writeState } from './launcher-state';
import { currentLeader, describeProbes, httpProbe, LeaderInfo, probeAll, waitForLeader, WatchDeps } from './leader-watch';
import { buildMembers, httpUrl } from './members';
import { LaunchOptions } from './options';
import { busyPorts, portClashMessage, PortNeed } from './port-check';
import { ProcessSupervisor } from './process-supervisor';
import { DEFAULT_RESTART_POLICY } from './restart-policy';
import { Terminal } from './terminal';

/** A problem found before anything started: printed as is, exit code 1. */
export class LaunchError extends Error {
  override readonly name = 'LaunchError';
}

export interface Scripts {
  node: string;
  gateway: string;
}

const GATEWAY = 'gateway';
const WATCH_INTERVAL_MS = 2_000;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ClusterLauncher {
  private readonly terminal = new Terminal();
  private readonly members: MemberAddress[];
  private readonly supervisor: ProcessSupervisor;
  private stopping: Promise<number> | undefined;
  private readonly givenUp = new Set<string>();
  private finish: (code: number) => void = () => undefined;
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly options: LaunchOptions,
    private readonly scripts: Scripts,
  ) {
    this.members = buildMembers(options);
    this.supervisor = new ProcessSupervisor(
      this.terminal,
      { ...DEFAULT_RESTART_POLICY, enabled: options.restart },
      options.console,
      { onSpawn: () => this.recordState(), onGiveUp: (name) => this.onGiveUp(name) },
    );
  }

  /** Resolves with the process exit code once the cluster has been stopped. */
  async run(): Promise<number> {
    const dataDir = path.resolve(this.options.dataDir);
    const staleHint = this.preflightState(dataDir);
    this.preflightScripts();
    if (this.options.store === 'postgres' && !process.env.POSTGRES_URL) {
      throw new LaunchError('--store postgres needs POSTGRES_URL, e.g. POSTGRES_URL=postgres://user:pass@127.0.0.1:5432/db npm start -- --store postgres');
    }
    if (this.options.fresh) {
      const removed = wipeDataDir(dataDir);
      this.terminal.info(removed.length > 0 ? `--fresh: removed ${removed.join(', ')} from ${dataDir}` : `--fresh: ${dataDir} had no cluster data`);
    }
    const busy = await busyPorts(this.options.host, this.portNeeds());
    if (busy.length > 0) throw new LaunchError(portClashMessage(busy, staleHint));

    ensureDirs(dataDir, this.members.map((m) => m.id));
    const done = new Promise<number>((resolve) => {
      this.finish = resolve;
      this.installSignalHandlers();
    });
    this.printBanner(dataDir);
    for (const m of this.members) {
      this.supervisor.start({
        name: m.id,
        script: this.scripts.node,
        env: nodeEnv(this.options, this.members, m),
        logFile: path.join(dataDir, 'logs', `${m.id}.log`),
      });
    }
    if (this.options.gateway) {
      this.supervisor.start({
        name: GATEWAY,
        script: this.scripts.gateway,
        env: gatewayEnv(this.options, this.members),
        logFile: path.join(dataDir, 'logs', `${GATEWAY}.log`),
      });
    }
    void this.watchLeader(dataDir);
    return done;
  }

  private recordState(): void {
    if (this.stopping !== undefined) return;
    writeState(path.resolve(this.options.dataDir), {
      pid: process.pid,
      startedAt: this.startedAt,
      children: Object.fromEntries(this.supervisor.pids()),
    });
  }

  /** Refuses a data dir in use by a live launcher; returns a hint about orphans of a dead one. */
  private preflightState(dataDir: string): string | undefined {
    const state = readState(dataDir);
    if (state === undefined || state.pid === process.pid) return undefined;
    if (isNodeProcess(state.pid)) {
      throw new LaunchError(
        `another launcher (pid ${state.pid}, started ${state.startedAt}) is using ${dataDir}.\n` +
          `Stop it with Ctrl-C in its terminal or \`kill ${state.pid}\`, or use another --data directory.`,
      );
    }
    const orphans = orphansOf(state);
    if (orphans.length === 0) return undefined;
    const list = orphans.map((o) => `${o.name}=${o.pid}`).join(' ');
    return `A previous launcher (pid ${state.pid}) died without stopping its children (${list}).\nStop them with:  kill ${orphans.map((o) => o.pid).join(' ')}`;
  }

  private preflightScripts(): void {
    const needed = this.options.gateway ? [this.scripts.node, this.scripts.gateway] : [this.scripts.node];
    const missing = needed.filter((s) => !fs.existsSync(s));
    if (missing.length > 0) {
      throw new LaunchError(`not built: ${missing.join(', ')}\nRun \`npm run build\` first (\`npm start\` does it for you).`);
    }
  }

  private portNeeds(): PortNeed[] {
    const needs = this.members.flatMap((m) => [
      { port: m.httpPort, owner: `${m.id} HTTP, --base-port` },
      { port: m.peerPort, owner: `${m.id} peer TCP, --peer-base-port` },
    ]);
    if (this.options.gateway) needs.push({ port: this.options.gatewayPort, owner: 'gateway HTTP, --gateway-port' });
    return needs;
  }

  private printBanner(dataDir: string): void {
    const o = this.options;
    const voters = this.members.filter((m) => m.role === 'voter').length;
    const learners = this.members.length - voters;
    const t = this.terminal;
    t.register([...this.members.map((m) => m.id), GATEWAY, 'launcher']);
    t.raw('');
    t.raw(
      t.highlight(`Local cluster: ${this.members.length} nodes (${plural(voters, 'voter')}, ${plural(learners, 'learner')}), store ${o.store}, transport ${o.transport}`),
    );
    t.raw(`  data: ${dataDir}   logs: ${path.join(dataDir, 'logs')}/<name>.log`);
    for (const m of this.members) {
      t.raw(`  ${m.id.padEnd(8)} ${m.role.padEnd(8)} ${httpUrl(m).padEnd(24)} peer ${m.host}:${m.peerPort}`);
    }
    if (o.gateway) t.raw(`  ${GATEWAY.padEnd(8)} ${''.padEnd(8)} ${httpUrl({ host: o.host, httpPort: o.gatewayPort }).padEnd(24)} Swagger UI at /docs`);
    t.raw('Ctrl-C stops everything.');
    t.raw('');
  }

  private watchDeps(): WatchDeps {
    const urls = new Map(this.members.map((m) => [m.id, httpUrl(m)]));
    return { probe: httpProbe(urls), sleep, now: () => Date.now() };
  }

  /** Prints the first leader (with progress while the election runs), then every change. */
  private async watchLeader(dataDir: string): Promise<void> {
    const names = this.members.map((m) => m.id);
    const deps = this.watchDeps();
    this.terminal.info(`waiting for a leader (up to ${this.options.leaderTimeoutMs / 1000} s)…`);
    const first = await waitForLeader(names, deps, {
      timeoutMs: this.options.leaderTimeoutMs,
      intervalMs: 250,
      progressEveryMs: 2_000,
      onProgress: (elapsed, probes) => {
        if (this.stopping === undefined) this.terminal.info(`still waiting (${Math.round(elapsed / 1000)} s): ${describeProbes(probes)}`);
      },
    });
    if (this.stopping !== undefined) return;
    let known: LeaderInfo | undefined = first.leader;
    if (known === undefined) {
      this.terminal.warn(
        `no leader after ${this.options.leaderTimeoutMs / 1000} s: ${describeProbes(first.probes)}. ` +
          `Check ${path.join(dataDir, 'logs')}/; the launcher keeps running and reports a leader when one appears.`,
      );
    } else {
      this.announce(known);
    }
    while (this.stopping === undefined) {
      await sleep(WATCH_INTERVAL_MS);
      if (this.stopping !== undefined) return;
      const leader = currentLeader(await probeAll(names, deps));
      if (leader !== undefined && (known === undefined || leader.leader !== known.leader)) {
        if (known === undefined) this.announce(leader);
        else this.terminal.info(`leader changed: ${known.leader} → ${leader.leader} (term ${leader.term})`);
        known = leader;
      }
    }
  }

  private announce(leader: LeaderInfo): void {
    const member = this.members.find((m) => m.id === leader.leader);
    const url = member !== undefined ? httpUrl(member) : '';
    this.terminal.info(this.terminal.highlight(`leader: ${leader.leader} (term ${leader.term}) ${url}`));
    const first = this.members[0];
    if (first !== undefined) this.terminal.info(`try: curl ${httpUrl(first)}/`);
  }

  /** When every child is dead for good, there is nothing left to supervise: stop with an error. */
  private onGiveUp(name: string): void {
    this.givenUp.add(name);
    const total = this.members.length + (this.options.gateway ? 1 : 0);
    if (this.givenUp.size < total || this.stopping !== undefined) {
      if (this.stopping === undefined) this.terminal.warn(`the rest of the cluster keeps running without ${name}.`);
      return;
    }
    this.terminal.error(`every process has stopped; see the messages above and ${path.resolve(this.options.dataDir, 'logs')}/`);
    this.stopping = this.stop('exit').then(() => 1);
    void this.stopping.then((code) => this.finish(code));
  }

  private installSignalHandlers(): void {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.stopping !== undefined) {
        this.terminal.warn(`${signal} again: killing all children now`);
        this.supervisor.killAllNow();
        return;
      }
      this.stopping = this.stop(signal);
      void this.stopping.then((code) => this.finish(code));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    // If the launcher itself dies (uncaught error), take the children with it: no orphans holding ports.
    process.on('exit', () => this.supervisor.killAllNow());
  }

  private async stop(reason: NodeJS.Signals | 'exit'): Promise<number> {
    const timeoutS = this.options.stopTimeoutMs / 1000;
    this.terminal.info(`${reason === 'exit' ? '' : `${reason}: `}stopping (SIGTERM, SIGKILL after ${timeoutS} s; Ctrl-C again to kill now)…`);
    const order = [GATEWAY, ...this.members.map((m) => m.id).reverse()];
    const { killed } = await this.supervisor.stopAll(order, this.options.stopTimeoutMs);
    removeState(path.resolve(this.options.dataDir));
    if (killed.length > 0) this.terminal.warn(`killed after ${timeoutS} s: ${killed.join(', ')}`);
    this.terminal.info('all stopped; state kept in the data directory (use --fresh to start empty).');
    return 0;
  }
}
