/** Preparing the data directory; `--fresh` deletes only what the launcher itself creates there. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Entries the launcher owns: node data dirs, logs, its state file. Anything else is left alone. */
export function isLauncherEntry(name: string): boolean {
  return /^node\d+$/.test(name) || name === 'logs' || name === 'gateway' || name === 'launcher.json';
}

/** Removes the launcher's entries under `dataDir`; returns what it removed. */
export function wipeDataDir(dataDir: string): string[] {
  if (!fs.existsSync(dataDir)) return [];
  const removed: string[] = [];
  for (const entry of fs.readdirSync(dataDir)) {
    if (!isLauncherEntry(entry)) continue;
    fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

export function ensureDirs(dataDir: string, nodeIds: readonly string[]): void {
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  for (const id of nodeIds) fs.mkdirSync(path.join(dataDir, id), { recursive: true });
}
