/**
 * Runs the cluster's child processes: spawns them, copies their output to a log file and (condensed)
 * to the terminal, restarts a child that dies on its own, and stops them all on shutdown
 * (SIGTERM, wait, SIGKILL).
 *
 * Children run in their own process group (detached) so a Ctrl-C in the terminal reaches only the
 * launcher, which then stops them in order instead of racing them.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Env } from './child-env';
import { parseLogLine, shouldEcho } from './log-line';
import { ConsoleMode } from './options';
import { decideRestart, RestartPolicy } from './restart-policy';
import { Terminal } from './terminal';

export interface ChildSpec {
  name: string;
  script: string;
  env: Env;
  logFile: string;
}

interface Supervised {
  spec: ChildSpec;
  proc: ChildProcess | undefined;
  log: fs.WriteStream;
  restarts: number[];
  restartTimer: NodeJS.Timeout | undefined;
  /** Last lines, shown when the child dies so the user sees why without opening the file. */
  tail: string[];
  gaveUp: boolean;
  spawnedAt: number;
}

const TAIL_LINES = 8;
/**
 * A child that dies this soon after its first start failed to start (bad configuration, missing
 * build, port taken): restarting cannot fix that, so the launcher reports it and gives up.
 */
const STARTUP_GRACE_MS = 5_000;

export interface SupervisorHooks {
  /** After every (re)spawn, e.g. to record the new pids. */
  onSpawn?: () => void;
  /** The supervisor will not restart this child any more. */
  onGiveUp?: (name: string) => void;
}

export class ProcessSupervisor {
  private readonly children = new Map<string, Supervised>();
  private stopping = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly policy: RestartPolicy,
    private readonly consoleMode: ConsoleMode,
    private readonly hooks: SupervisorHooks = {},
  ) {}

  start(spec: ChildSpec): void {
    fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
    const log = fs.createWriteStream(spec.logFile, { flags: 'a' });
    const child: Supervised = { spec, proc: undefined, log, restarts: [], restartTimer: undefined, tail: [], gaveUp: false, spawnedAt: 0 };
    this.children.set(spec.name, child);
    this.spawn(child);
  }

  /** Live children and their pids (for the launcher's state file and for tests). */
  pids(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, c] of this.children) {
      if (c.proc?.pid !== undefined && c.proc.exitCode === null && c.proc.signalCode === null) out.set(name, c.proc.pid);
    }
    return out;
  }

  /**
   * SIGTERM to every child (in the given order, e.g. gateway first), then SIGKILL whatever is
   * still alive after `timeoutMs`. Resolves when all have exited.
   */
  async stopAll(order: readonly string[], timeoutMs: number): Promise<{ killed: string[] }> {
    this.stopping = true;
    const waits: Promise<void>[] = [];
    const names = [...order, ...[...this.children.keys()].filter((n) => !order.includes(n))];
    for (const name of names) {
      const c = this.children.get(name);
      if (c === undefined) continue;
      if (c.restartTimer !== undefined) clearTimeout(c.restartTimer);
      const proc = c.proc;
      if (proc === undefined || !isAlive(proc)) continue;
      waits.push(new Promise((resolve) => proc.once('exit', () => resolve())));
      signalGroup(proc, 'SIGTERM');
    }
    const killed: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([Promise.all(waits).then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      for (const [name, c] of this.children) {
        if (c.proc !== undefined && isAlive(c.proc)) {
          killed.push(name);
          signalGroup(c.proc, 'SIGKILL');
        }
      }
      await Promise.all(waits);
    }
    await Promise.all([...this.children.values()].map((c) => new Promise<void>((resolve) => c.log.end(resolve))));
    return { killed };
  }

  /** Last resort (second Ctrl-C, launcher crash): SIGKILL every child now, synchronously. */
  killAllNow(): void {
    this.stopping = true;
    for (const c of this.children.values()) {
      if (c.restartTimer !== undefined) clearTimeout(c.restartTimer);
      if (c.proc !== undefined && isAlive(c.proc)) signalGroup(c.proc, 'SIGKILL');
    }
  }

  private spawn(child: Supervised): void {
    const { spec } = child;
    child.log.write(`--- launcher: starting ${spec.name} at ${new Date().toISOString()}\n`);
    const proc = spawn(process.execPath, [spec.script], {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.proc = proc;
    child.spawnedAt = Date.now();
    this.follow(child, proc.stdout, false);
    this.follow(child, proc.stderr, true);
    proc.once('error', (err) => {
      this.terminal.warn(`${spec.name}: could not start: ${err.message}`);
    });
    proc.once('exit', (code, signal) => this.onExit(child, proc, code, signal));
    this.hooks.onSpawn?.();
  }

  private follow(child: Supervised, stream: NodeJS.ReadableStream | null, fromStderr: boolean): void {
    if (stream === null) return;
    const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => {
      child.log.write(`${line}\n`);
      child.tail.push(line);
      if (child.tail.length > TAIL_LINES) child.tail.shift();
      const parsed = parseLogLine(line, fromStderr);
      if (shouldEcho(parsed.severity, this.consoleMode)) this.terminal.child(child.spec.name, parsed);
    });
  }

  private onExit(child: Supervised, proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const how = signal !== null ? `signal ${signal}` : `code ${code ?? '?'}`;
    child.log.write(`--- launcher: ${child.spec.name} exited (${how}) at ${new Date().toISOString()}\n`);
    if (this.stopping || child.proc !== proc) return;
    this.terminal.warn(`${child.spec.name} (pid ${proc.pid ?? '?'}) exited unexpectedly (${how}). Last lines of ${child.spec.logFile}:`);
    for (const line of child.tail) this.terminal.raw(`    ${parseLogLine(line, false).text}`);
    const now = Date.now();
    const failedToStart = child.restarts.length === 0 && now - child.spawnedAt < STARTUP_GRACE_MS;
    const decision = failedToStart
      ? { kind: 'give-up' as const, reason: `it failed to start (died within ${STARTUP_GRACE_MS / 1000} s), a restart would not help` }
      : decideRestart(this.policy, child.restarts, now);
    if (decision.kind === 'give-up') {
      child.gaveUp = true;
      this.terminal.warn(`not restarting ${child.spec.name}: ${decision.reason}.`);
      this.hooks.onGiveUp?.(child.spec.name);
      return;
    }
    child.restarts.push(now);
    this.terminal.warn(`restarting ${child.spec.name} in ${decision.delayMs / 1000} s (restart ${decision.attempt} this minute)`);
    child.restartTimer = setTimeout(() => {
      child.restartTimer = undefined;
      child.tail = [];
      if (!this.stopping) this.spawn(child);
    }, decision.delayMs);
  }
}

function isAlive(proc: ChildProcess): boolean {
  return proc.exitCode === null && proc.signalCode === null;
}

/** The child leads its own process group (detached), so signal the group: nothing it started survives. */
function signalGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    try {
      proc.kill(signal);
    } catch {
      // already gone
    }
  }
}
