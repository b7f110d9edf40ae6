/**
 * <data>/launcher.json records the running launcher and its children. It stops two launchers from
 * sharing one data directory (two processes on one SQLite file per node) and, after a launcher was
 * killed with SIGKILL, names the orphaned children so the user can stop them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LauncherState {
  pid: number;
  startedAt: string;
  children: Record<string, number>;
}

export function stateFile(dataDir: string): string {
  return path.join(dataDir, 'launcher.json');
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A live pid that is (still) a node process. After a reboot or a long time a pid may belong to
 * something else; /proc tells (on Linux), elsewhere we trust the pid.
 */
export function isNodeProcess(pid: number): boolean {
  if (!isPidAlive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return !fs.existsSync('/proc/self');
  }
}

export function readState(dataDir: string): LauncherState | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(stateFile(dataDir), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, startedAt, children } = parsed as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof startedAt !== 'string' || typeof children !== 'object' || children === null) return undefined;
    const kids: Record<string, number> = {};
    for (const [name, p] of Object.entries(children)) if (typeof p === 'number') kids[name] = p;
    return { pid, startedAt, children: kids };
  } catch {
    return undefined;
  }
}

export function writeState(dataDir: string, state: LauncherState): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${stateFile(dataDir)}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, stateFile(dataDir));
}

export function removeState(dataDir: string): void {
  fs.rmSync(stateFile(dataDir), { force: true });
}

/** Children of a dead launcher that are still running. */
export function orphansOf(state: LauncherState): Array<{ name: string; pid: number }> {
  return Object.entries(state.children)
    .filter(([, pid]) => isNodeProcess(pid))
    .map(([name, pid]) => ({ name, pid }));
}
