/**
 * ProcessSupervisor with real (tiny) child processes: stop escalates to SIGKILL for a child that
 * ignores SIGTERM, a child that dies at start is reported and not restarted, and raw output lands
 * in the log file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessSupervisor } from '../../src/cli/process-supervisor';
import { DEFAULT_RESTART_POLICY } from '../../src/cli/restart-policy';
import { Terminal } from '../../src/cli/terminal';
import { isAlive } from './launcher-run';

describe('ProcessSupervisor (real child processes)', () => {
  let dir: string;
  let supervisor: ProcessSupervisor | undefined;
  const write = (name: string, code: string): string => {
    const file = join(dir, name);
    writeFileSync(file, code);
    return file;
  };

  const readLog = (name: string): string => {
    try {
      return readFileSync(join(dir, 'logs', `${name}.log`), 'utf8');
    } catch {
      return ''; // the log stream opens asynchronously
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'supervisor-'));
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    supervisor?.killAllNow();
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGKILLs a child that ignores SIGTERM once the stop timeout passes; a polite one just exits', async () => {
    const stubborn = write('stubborn.js', `process.on('SIGTERM', () => {}); console.log('{"level":"info","msg":"up"}'); setInterval(() => {}, 1000);`);
    const polite = write('polite.js', `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);`);
    supervisor = new ProcessSupervisor(new Terminal(), DEFAULT_RESTART_POLICY, 'quiet');
    supervisor.start({ name: 'stubborn', script: stubborn, env: {}, logFile: join(dir, 'logs/stubborn.log') });
    supervisor.start({ name: 'polite', script: polite, env: {}, logFile: join(dir, 'logs/polite.log') });
    const pids = [...supervisor.pids().values()];
    expect(pids).toHaveLength(2);
    // Let the stubborn child install its handler (it prints once it has).
    for (let i = 0; i < 100 && !readLog('stubborn').includes('"up"'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }

    const { killed } = await supervisor.stopAll(['polite', 'stubborn'], 500);
    expect(killed).toEqual(['stubborn']);
    expect(pids.filter(isAlive)).toEqual([]);
    const log = readLog('stubborn');
    expect(log).toContain('{"level":"info","msg":"up"}');
    expect(log).toMatch(/--- launcher: stubborn exited \(signal SIGKILL\)/);
  });

  it('does not restart a child that dies right after its first start, and says so', async () => {
    const broken = write('broken.js', `console.error('invalid configuration: X'); process.exit(1);`);
    const gaveUp: string[] = [];
    const spawned: number[] = [];
    supervisor = new ProcessSupervisor(new Terminal(), DEFAULT_RESTART_POLICY, 'quiet', {
      onSpawn: () => spawned.push(1),
      onGiveUp: (name) => gaveUp.push(name),
    });
    supervisor.start({ name: 'broken', script: broken, env: {}, logFile: join(dir, 'logs/broken.log') });
    for (let i = 0; i < 100 && gaveUp.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(gaveUp).toEqual(['broken']);
    expect(spawned).toHaveLength(1);
    expect(supervisor.pids().size).toBe(0);
    await supervisor.stopAll([], 1000); // flushes and closes the log files
    expect(readLog('broken')).toContain('invalid configuration: X');
  });
});
