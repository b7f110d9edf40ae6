import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isLauncherEntry, wipeDataDir } from './data-dir';

describe('wipeDataDir (--fresh)', () => {
  it('removes only node dirs, logs and the launcher state, never anything else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-data-'));
    try {
      for (const d of ['node1', 'node12', 'logs', 'keep-me']) fs.mkdirSync(path.join(dir, d));
      fs.writeFileSync(path.join(dir, 'node1', 'raft.sqlite'), 'x');
      fs.writeFileSync(path.join(dir, 'launcher.json'), '{}');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
      expect(wipeDataDir(dir).sort()).toEqual(['launcher.json', 'logs', 'node1', 'node12']);
      expect(fs.readdirSync(dir).sort()).toEqual(['keep-me', 'notes.txt']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does nothing for a missing directory', () => {
    expect(wipeDataDir(path.join(os.tmpdir(), 'does-not-exist-launcher'))).toEqual([]);
  });

  it('recognises launcher entries by name', () => {
    expect(isLauncherEntry('node3')).toBe(true);
    expect(isLauncherEntry('nodes')).toBe(false);
    expect(isLauncherEntry('..')).toBe(false);
  });
});
