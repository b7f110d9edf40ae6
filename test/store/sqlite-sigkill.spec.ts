import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { HardState, PersistedGroup, SeededRandom } from '@app/core';
import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { CRASH_GROUPS, crashEntryData } from './support/crash-log';
import { makeTempDir } from './support/temp-dir';

/**
 * Kills a process appending to the SQLite store with SIGKILL at random moments, mostly while a
 * write is in flight, and checks after each kill that the store holds every acknowledged write,
 * and the in-flight one either whole (in both groups) or not at all.
 */
const ROOT = resolve(__dirname, '../..');
const CHILD = join(__dirname, 'support', 'sqlite-append-child.ts');
const ROUNDS = 5;
const ROUND_LIMIT_MS = 15_000; // a hang guard only: a round normally takes 1-3 s (mostly child start-up)

/** The log as terms by index (terms[i - 1] = term of entry i) plus the hard state written with it. */
interface LogModel {
  terms: number[];
  hardState: HardState | null;
}

function applyModel(m: LogModel, from: number, to: number, term: number): LogModel {
  const terms = m.terms.slice(0, from - 1);
  for (let i = from; i <= to; i++) terms.push(term);
  return { terms, hardState: { term, vote: 'node1', commit: from - 1 } };
}

function asModel(g: PersistedGroup): LogModel {
  g.entries.forEach((e, i) => {
    expect(e.index).toBe(i + 1); // contiguous from 1
    expect(e.data).toBe(crashEntryData(e.term, e.index));
  });
  return { terms: g.entries.map((e) => e.term), hardState: g.hardState.term === 0 ? null : g.hardState };
}

interface RoundResult {
  acked: [number, number][];
  inFlight: [number, number] | null;
}

/** Runs the child until it is killed; kill when `killAt` says so, seen on each stdout line. */
function runRound(db: string, term: number, seed: number, killAt: (line: string, child: ChildProcess) => void): Promise<RoundResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, db, String(term), String(seed)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const result: RoundResult = { acked: [], inFlight: null };
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`round ${term} did not end within ${ROUND_LIMIT_MS} ms`));
    }, ROUND_LIMIT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const [word, a, b] = line.split(' ');
      if (word === 'begin') result.inFlight = [Number(a), Number(b)];
      if (word === 'ack' && result.inFlight) {
        result.acked.push(result.inFlight);
        result.inFlight = null;
      }
      killAt(line, child);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      if (signal === 'SIGKILL') done(result);
      else fail(new Error(`child exited by itself (code ${code}, signal ${signal})`));
    });
  });
}

async function loadAll(db: string): Promise<PersistedGroup[]> {
  const store = new SqliteLogStore({ path: db });
  await store.open();
  try {
    return await Promise.all(CRASH_GROUPS.map((g) => store.load(g)));
  } finally {
    await store.close();
  }
}

describe('SQLite LogStore under SIGKILL', () => {
  const dir = makeTempDir('logstore-sigkill');
  afterAll(() => dir.remove());

  it(`keeps every acknowledged write across ${ROUNDS} kills, and the in-flight one atomically`, async () => {
    const seed = Number(process.env.SIGKILL_SEED ?? 0x5eed ^ process.pid);
    const rnd = new SeededRandom(seed);
    const db = join(dir.path, 'raft.sqlite');
    let model: LogModel = { terms: [], hardState: null };
    let totalAcks = 0;

    for (let term = 1; term <= ROUNDS; term++) {
      // Half the rounds kill right after a "begin" (write in flight), half after an "ack" plus a short wait.
      const killAfterBegins = 1 + rnd.int(60);
      const midWrite = rnd.chance(0.5);
      let begins = 0;
      const round = await runRound(db, term, rnd.nextUint32(), (line, child) => {
        if (line.startsWith('begin') && ++begins === killAfterBegins) {
          if (midWrite) child.kill('SIGKILL');
          else setTimeout(() => child.kill('SIGKILL'), rnd.int(5));
        }
      });
      totalAcks += round.acked.length;

      let acked = model;
      for (const [from, to] of round.acked) acked = applyModel(acked, from, to, term);
      const withInFlight = round.inFlight ? applyModel(acked, round.inFlight[0], round.inFlight[1], term) : acked;

      const [first, ...others] = (await loadAll(db)).map(asModel);
      for (const other of others) expect(other).toEqual(first); // one batch spans both groups: all or nothing
      const context = `seed=${seed} round=${term} acks=${round.acked.length} inFlight=${JSON.stringify(round.inFlight)}`;
      const matches = [acked, withInFlight].some((candidate) => JSON.stringify(candidate) === JSON.stringify(first));
      if (!matches) {
        throw new Error(`${context}: store holds ${first.terms.length} entries (hs ${JSON.stringify(first.hardState)}), acked model ${acked.terms.length} (hs ${JSON.stringify(acked.hardState)})`);
      }
      model = first;
    }
    expect(totalAcks).toBeGreaterThan(0);
  }, 90_000);
});
