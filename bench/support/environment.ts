import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release } from 'node:os';

/** What a reader needs to judge a number: when, where, what load, which versions. */
export function describeEnvironment(versions: Record<string, string> = {}): Record<string, string> {
  return {
    date: new Date().toISOString(),
    node: process.version,
    kernel: release(),
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    loadavg: formatLoad(),
    ...versions,
  };
}

export function formatLoad(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** First line of `command args` (e.g. a server's --version), or a note why it failed. */
export function commandVersion(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 5000 }).split('\n')[0].trim();
  } catch (err) {
    return `unavailable (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
}

/** Version of an installed npm package, read from its package.json. */
export function packageVersion(name: string): string {
  try {
    const pkg = require(`${name}/package.json`) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Waits (bounded) until the 1-minute load average is at most `maxLoad`, since other work on
 * the same cores skews every number. Returns the load it started at; never throws.
 */
export async function waitForQuietMachine(maxLoad: number, maxWaitSeconds: number): Promise<string> {
  const deadline = Date.now() + maxWaitSeconds * 1000;
  let announced = false;
  while (loadavg()[0] > maxLoad && Date.now() < deadline) {
    if (!announced) console.log(`# load ${formatLoad()} > ${maxLoad}: waiting up to ${maxWaitSeconds} s for a quieter machine`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  if (loadavg()[0] > maxLoad) console.log(`# still busy (load ${formatLoad()}); measuring anyway`);
  return formatLoad();
}
