/**
 * Runs the built launcher (dist/src/main.js) as a child process for the launcher e2e test:
 * collects its output, waits for lines, signals it and waits for its exit.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DIST = resolve(__dirname, '../../dist');
export const LAUNCHER = join(DIST, 'src/main.js');
export const GATEWAY_BUILT = existsSync(join(DIST, 'apps/gateway/src/main.js'));

export class LauncherRun {
  readonly proc: ChildProcess;
  private out = '';
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: readonly string[]) {
    this.proc = spawn(process.execPath, [LAUNCHER, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stdout?.on('data', (chunk: Buffer) => (this.out += chunk.toString()));
    this.proc.stderr?.on('data', (chunk: Buffer) => (this.out += chunk.toString()));
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
  }

  output(): string {
    return this.out;
  }

  /** Resolves with the first match of `pattern` in the output; rejects on timeout or launcher exit. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const m = this.out.match(pattern);
        if (m !== null) {
          cleanup();
          resolve(m);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${this.out}`));
      }, timeoutMs);
      const onData = (): void => void check();
      const onExit = (): void => {
        if (!check()) {
          cleanup();
          reject(new Error(`launcher exited before ${pattern}; output:\n${this.out}`));
        }
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        this.proc.stdout?.off('data', onData);
        this.proc.stderr?.off('data', onData);
        this.proc.off('exit', onExit);
      };
      this.proc.stdout?.on('data', onData);
      this.proc.stderr?.on('data', onData);
      this.proc.once('exit', onExit);
      check();
    });
  }

  /** Waits for the launcher to exit; rejects after `timeoutMs`. */
  async exit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`launcher still running after ${timeoutMs} ms; output:\n${this.out}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  isRunning(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }
}

/** The children's pids as recorded by the launcher in <data>/launcher.json. */
export function childPids(dataDir: string): Record<string, number> {
  const state: unknown = JSON.parse(readFileSync(join(dataDir, 'launcher.json'), 'utf8'));
  if (typeof state !== 'object' || state === null || !('children' in state)) throw new Error('launcher.json without children');
  const children = (state as { children: unknown }).children;
  const out: Record<string, number> = {};
  if (typeof children === 'object' && children !== null) {
    for (const [name, pid] of Object.entries(children)) if (typeof pid === 'number') out[name] = pid;
  }
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Cleanup after a failed test: kill only the processes this test started. */
export function killAll(run: LauncherRun | undefined, pids: readonly number[]): void {
  for (const pid of pids) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  if (run?.isRunning()) run.proc.kill('SIGKILL');
}
