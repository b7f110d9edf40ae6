/**
 * Child process of sqlite-sigkill.spec.ts: appends to a SQLite LogStore until it is killed.
 * It loads its modules, then waits for a line "go" on stdin before opening the store, so the
 * parent can start it while the previous round is still running.
 * Protocol on stdout (a pipe: synchronous on Linux, so a line is out before the next step):
 *   ready <lastIndex>      store open
 *   begin <from> <to>      write() of entries from..to (term = argv term) issued
 *   ack <to>               that write() resolved: it must survive a SIGKILL
 *
 *   node -r @swc-node/register test/store/support/sqlite-append-child.ts <db> <term> <seed> [direct|worker]
 * (worker: the store runs on a worker thread, as in the node app)
 */
import { GroupWrite, LogEntry, SeededRandom } from '@app/core';
import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { WorkerLogStore } from '@app/adapters/store-worker';
import { CRASH_GROUPS, crashEntryData } from './crash-log';

const MAX_LIFETIME_MS = 30_000; // never outlive a parent that died

/** Resolves on the first stdin line; exits if stdin closes first (the parent is gone). */
function waitForGo(): Promise<void> {
  return new Promise((go) => {
    process.stdin.once('data', () => {
      process.stdin.pause();
      go();
    });
    process.stdin.once('end', () => process.exit(0));
  });
}

async function main(): Promise<void> {
  const [path, termArg, seedArg, mode = 'direct'] = process.argv.slice(2);
  await waitForGo();
  const term = Number(termArg);
  const rnd = new SeededRandom(Number(seedArg));
  const store = mode === 'worker' ? new WorkerLogStore({ kind: 'sqlite', path }) : new SqliteLogStore({ path });
  await store.open();
  const loaded = await store.load(CRASH_GROUPS[0]);
  let last = loaded.entries.length ? loaded.entries[loaded.entries.length - 1].index : 0;
  console.log(`ready ${last}`);
  const started = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - started) / 1e6 < MAX_LIFETIME_MS) {
    // now and then overwrite a short suffix, as a follower does after a leader change
    const from = last > 0 && rnd.chance(0.15) ? Math.max(1, last - rnd.int(3)) : last + 1;
    const to = from + rnd.int(32);
    const entries: LogEntry[] = [];
    for (let i = from; i <= to; i++) entries.push({ index: i, term, kind: 'normal', data: crashEntryData(term, i) });
    const batch: GroupWrite[] = CRASH_GROUPS.map((group) => ({ group, entries, hardState: { term, vote: 'node1', commit: from - 1 } }));
    console.log(`begin ${from} ${to}`);
    await store.write(batch);
    console.log(`ack ${to}`);
    last = to;
  }
  await store.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
