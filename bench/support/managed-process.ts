import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanupSync } from './cleanup';
import { sleep } from './backoff';

/**
 * External server processes (etcd, nats-server...) for one bench run: spawned with output to a
 * log file, waited for on their port, killed on exit (also on Ctrl-C, see cleanup.ts).
 */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Output of the process goes here (appended across restarts). */
  logFile: string;
}

export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private unregister: () => void = () => undefined;

  constructor(readonly spec: ProcessSpec) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) throw new Error(`${this.spec.name} is already running`);
    const fd = openSync(this.spec.logFile, 'a');
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('error', (err) => console.error(`# ${this.spec.name}: ${err.message}`));
    this.unregister();
    this.unregister = onCleanupSync(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  }

  /** Sends `signal` (default SIGKILL, a crash) and waits until the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child?.kill(signal);
    await this.exited;
  }

  /** Graceful stop: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGTERM');
    const gone = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!gone) await this.kill('SIGKILL');
  }

  /** Last lines of the process log, for error messages. */
  tail(lines = 20): string {
    try {
      return readFileSync(this.spec.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

function tryConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until something accepts TCP connections on host:port, or throws after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await tryConnect(port, host)) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

/** Fails fast when a port is taken (e.g. a leftover server of an earlier run). */
export async function assertPortsFree(ports: readonly number[], host = '127.0.0.1'): Promise<void> {
  for (const port of ports) {
    if (await tryConnect(port, host)) throw new Error(`port ${host}:${port} is already in use; is an earlier bench still running?`);
  }
}

/** A temp directory removed when the bench exits (however it exits), unless BENCH_KEEP_DATA=1. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.env.BENCH_KEEP_DATA === '1') console.log(`# BENCH_KEEP_DATA=1: ${dir} is kept`);
  else onCleanupSync(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
