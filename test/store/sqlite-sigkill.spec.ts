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

/**
 * One child process, spawned ahead of its round (module loading is most of a round's time) and
 * started with "go"; it runs until `killAt`, called on each stdout line, kills it.
 */
class RoundChild {
  private readonly child: ChildProcess;
  private readonly result: RoundResult = { acked: [], inFlight: null };
  private readonly exited: Promise<string>;
  private killAt: (line: string, child: ChildProcess) => void = () => undefined;

  constructor(db: string, term: number, seed: number, mode: StoreMode) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, db, String(term), String(seed), mode], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const [word, a, b] = line.split(' ');
      if (word === 'begin') this.result.inFlight = [Number(a), Number(b)];
      if (word === 'ack' && this.result.inFlight) {
        this.result.acked.push(this.result.inFlight);
        this.result.inFlight = null;
      }
      this.killAt(line, this.child);
    });
    // 'close', not 'exit': every line the child wrote before dying has been read by then
    this.exited = new Promise((done) => this.child.on('close', (code, signal) => done(signal ?? `code ${code}`)));
  }

  async run(killAt: (line: string, child: ChildProcess) => void): Promise<RoundResult> {
    this.killAt = killAt;
    this.child.stdin!.write('go\n');
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<string>((done) => (timer = setTimeout(() => done('hang'), ROUND_LIMIT_MS)));
    const how = await Promise.race([this.exited, hang]);
    clearTimeout(timer);
    if (how !== 'SIGKILL') {
      this.kill();
      throw new Error(how === 'hang' ? `round did not end within ${ROUND_LIMIT_MS} ms` : `child exited by itself (${how})`);
    }
    return this.result;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
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

type StoreMode = 'direct' | 'worker';

// direct: better-sqlite3 in the writer's thread; worker: on a worker thread (WorkerLogStore, the node app's default).
describe.each<StoreMode>(['direct', 'worker'])('SQLite LogStore under SIGKILL (%s)', (mode) => {
  const dir = makeTempDir(`logstore-sigkill-${mode}`);
  afterAll(() => dir.remove());

  it(`keeps every acknowledged write across ${ROUNDS} kills, and the in-flight one atomically`, async () => {
    const seed = Number(process.env.SIGKILL_SEED ?? 0x5eed ^ process.pid);
    const rnd = new SeededRandom(seed);
    const db = join(dir.path, 'raft.sqlite');
    let model: LogModel = { terms: [], hardState: null };
    let totalAcks = 0;

    let next: RoundChild = new RoundChild(db, 1, rnd.nextUint32(), mode);
    const children = [next];
    try {
      for (let term = 1; term <= ROUNDS; term++) {
        const current = next;
        if (term < ROUNDS) children.push((next = new RoundChild(db, term + 1, rnd.nextUint32(), mode)));
        // Half the rounds kill right after a "begin" (write in flight), half after it plus a short wait.
        const killAfterBegins = 1 + rnd.int(30);
        const midWrite = rnd.chance(0.5);
        const delay = rnd.int(5);
        let begins = 0;
        const round = await current.run((line, child) => {
          if (line.startsWith('begin') && ++begins === killAfterBegins) {
            if (midWrite) child.kill('SIGKILL');
            else setTimeout(() => child.kill('SIGKILL'), delay);
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
    } finally {
      for (const c of children) c.kill();
    }
    expect(totalAcks).toBeGreaterThan(0);
  }, 90_000);
});
