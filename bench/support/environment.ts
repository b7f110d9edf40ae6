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
