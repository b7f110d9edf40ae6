import { EMPTY_HARD_STATE, GroupWrite, LogEntry, LogStore, PersistedGroup, SeededRandom, Snapshot } from '@app/core';
import { InvalidLogWriteError, MemoryLogStore, applyGroupWrite, boundsOf } from '@app/adapters/store-memory';

/** One test's storage location; make() opens a new store instance on the same data each call. */
export interface LogStoreHarness {
  make(): LogStore;
  cleanup(): Promise<void>;
}

const G = 'control';

export function entries(from: number, to: number, term: number, tag = ''): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = from; i <= to; i++) out.push({ index: i, term, kind: 'normal', data: `{"op":"set","i":${i},"t":${term}${tag}}` });
  return out;
}

function snap(index: number, term: number, data = `state@${index}`): Snapshot {
  return { meta: { index, term, conf: { voters: ['node1', 'node2', 'node3'], learners: ['node4'] } }, data };
}

const indexes = (g: PersistedGroup): number[] => g.entries.map((e) => e.index);

/**
 * The behaviour every LogStore adapter must share (libs/core/src/log-store.port.ts), run
 * against a harness factory. The memory store's applyGroupWrite is the reference model.
 */
export function describeLogStoreConformance(name: string, newHarness: () => Promise<LogStoreHarness>): void {
  describe(`LogStore conformance: ${name}`, () => {
    let h: LogStoreHarness;
    let store: LogStore;
    const opened: LogStore[] = [];

    const openStore = async (): Promise<LogStore> => {
      const s = h.make();
      await s.open();
      opened.push(s);
      return s;
    };

    beforeEach(async () => {
      h = await newHarness();
      store = await openStore();
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close().catch(() => undefined);
      await h.cleanup();
    });

    it('loads a never-written group as empty and lists no groups', async () => {
      expect(await store.groups()).toEqual([]);
      expect(await store.load(G)).toEqual({ hardState: EMPTY_HARD_STATE, snapshot: null, entries: [] });
    });

    it('appends entries across writes, in index order', async () => {
      await store.write([{ group: G, entries: entries(1, 3, 1) }]);
      await store.write([{ group: G, entries: entries(4, 5, 2) }]);
      const g = await store.load(G);
      expect(g.entries).toEqual([...entries(1, 3, 1), ...entries(4, 5, 2)]);
    });

    it('keeps kind and data exactly, including conf entries, empty and non-ASCII data', async () => {
      const odd: LogEntry[] = [
        { index: 1, term: 1, kind: 'normal', data: '' },
        { index: 2, term: 1, kind: 'conf', data: JSON.stringify({ type: 'add-learner', node: 'node4' }) },
        { index: 3, term: 7, kind: 'normal', data: `quote ' "dq" \\ back\nnewline ünïcødé 🚀 ${'x'.repeat(10_000)}` },
      ];
      await store.write([{ group: G, entries: odd }]);
      expect((await store.load(G)).entries).toEqual(odd);
    });

    it('overwrites the stored suffix from the first new index (shorter and longer replacements)', async () => {
      await store.write([{ group: G, entries: entries(1, 5, 1) }]);
      await store.write([{ group: G, entries: entries(3, 4, 2) }]);
      expect((await store.load(G)).entries).toEqual([...entries(1, 2, 1), ...entries(3, 4, 2)]);
      await store.write([{ group: G, entries: entries(2, 8, 3) }]);
      expect((await store.load(G)).entries).toEqual([...entries(1, 1, 1), ...entries(2, 8, 3)]);
    });

    it('replaces the hard state, including a null vote', async () => {
      await store.write([{ group: G, hardState: { term: 3, vote: 'node2', commit: 0 } }]);
      expect((await store.load(G)).hardState).toEqual({ term: 3, vote: 'node2', commit: 0 });
      await store.write([{ group: G, hardState: { term: 4, vote: null, commit: 0 } }]);
      expect((await store.load(G)).hardState).toEqual({ term: 4, vote: null, commit: 0 });
    });

    it('installSnapshot drops all stored entries, even those past its index', async () => {
      await store.write([{ group: G, entries: entries(1, 10, 1), hardState: { term: 1, vote: 'node1', commit: 4 } }]);
      await store.write([{ group: G, installSnapshot: snap(6, 2) }]);
      const g = await store.load(G);
      expect(g.snapshot).toEqual(snap(6, 2));
      expect(g.entries).toEqual([]);
      expect(g.hardState).toEqual({ term: 1, vote: 'node1', commit: 4 });
    });

    it('applies installSnapshot before the entries of the same write, and hardState with them', async () => {
      await store.write([{ group: G, entries: entries(1, 3, 1) }]);
      await store.write([{ group: G, installSnapshot: snap(20, 3), entries: entries(21, 22, 3), hardState: { term: 3, vote: null, commit: 20 } }]);
      const g = await store.load(G);
      expect(g.snapshot).toEqual(snap(20, 3));
      expect(g.entries).toEqual(entries(21, 22, 3));
      expect(g.hardState).toEqual({ term: 3, vote: null, commit: 20 });
    });

    it('compactSnapshot stores the snapshot and keeps the entries after its index', async () => {
      await store.write([{ group: G, entries: entries(1, 10, 1) }]);
      await store.write([{ group: G, compactSnapshot: snap(4, 1) }]);
      let g = await store.load(G);
      expect(g.snapshot).toEqual(snap(4, 1));
      expect(indexes(g)).toEqual([5, 6, 7, 8, 9, 10]);
      // compacting after appending in the same write: entries first, then compaction
      await store.write([{ group: G, entries: entries(11, 12, 2), compactSnapshot: snap(11, 2, 'later') }]);
      g = await store.load(G);
      expect(g.snapshot).toEqual(snap(11, 2, 'later'));
      expect(g.entries).toEqual(entries(12, 12, 2));
    });

    it('appends after a snapshot with no entries left', async () => {
      await store.write([{ group: G, entries: entries(1, 3, 1), compactSnapshot: snap(3, 1) }]);
      expect((await store.load(G)).entries).toEqual([]);
      await store.write([{ group: G, entries: entries(4, 4, 1) }]);
      expect((await store.load(G)).entries).toEqual(entries(4, 4, 1));
    });

    it('applies a multi-group batch, and a batch with one bad write changes no group', async () => {
      await store.write([
        { group: 'control', entries: entries(1, 2, 1), hardState: { term: 1, vote: 'node1', commit: 1 } },
        { group: 'q/0', entries: entries(1, 1, 5) },
      ]);
      const before = { c: await store.load('control'), q: await store.load('q/0') };
      const bad: GroupWrite[] = [
        { group: 'control', entries: entries(3, 9, 2), hardState: { term: 2, vote: null, commit: 9 } },
        { group: 'q/7', entries: entries(1, 1, 1) },
        { group: 'q/0', entries: entries(5, 6, 5) }, // gap after index 1
      ];
      await expect(store.write(bad)).rejects.toBeInstanceOf(InvalidLogWriteError);
      expect(await store.load('control')).toEqual(before.c);
      expect(await store.load('q/0')).toEqual(before.q);
      expect(await store.groups()).toEqual(['control', 'q/0']);
      // the store is still usable after a rejected batch
      await store.write([{ group: 'q/0', entries: entries(2, 2, 5) }]);
      expect(indexes(await store.load('q/0'))).toEqual([1, 2]);
    });

    it('keeps groups independent: overwrite, compaction and snapshot install touch one group only', async () => {
      await store.write([
        { group: 'a', entries: entries(1, 6, 1) },
        { group: 'b', entries: entries(1, 6, 1), hardState: { term: 1, vote: 'node2', commit: 2 } },
      ]);
      const b = await store.load('b');
      await store.write([{ group: 'a', entries: entries(3, 3, 2) }]);
      await store.write([{ group: 'a', compactSnapshot: snap(2, 1) }]);
      await store.write([{ group: 'a', installSnapshot: snap(9, 3), hardState: { term: 3, vote: null, commit: 9 } }]);
      expect(await store.load('b')).toEqual(b);
      expect(await store.load('a')).toEqual({ hardState: { term: 3, vote: null, commit: 9 }, snapshot: snap(9, 3), entries: [] });
    });

    it('rejects writes that would break the log: gaps, holes, covered entries, compaction past the end', async () => {
      await store.write([{ group: G, entries: entries(1, 5, 1), compactSnapshot: snap(2, 1) }]);
      const cases: GroupWrite[] = [
        { group: G, entries: entries(7, 7, 1) },
        { group: G, entries: [...entries(6, 6, 1), ...entries(8, 8, 1)] },
        { group: G, entries: entries(2, 3, 2) },
        { group: G, compactSnapshot: snap(9, 1) },
        { group: G, compactSnapshot: snap(1, 1) },
        { group: G, installSnapshot: snap(1, 1) },
        { group: 'fresh', entries: entries(2, 2, 1) },
      ];
      for (const w of cases) await expect(store.write([w])).rejects.toBeInstanceOf(InvalidLogWriteError);
      const g = await store.load(G);
      expect(indexes(g)).toEqual([3, 4, 5]);
      expect(g.snapshot?.meta.index).toBe(2);
      expect(await store.groups()).toEqual([G]);
    });

    it('lists every group with stored state, sorted', async () => {
      await store.write([{ group: 'q/2', entries: entries(1, 1, 1) }]);
      await store.write([{ group: 'control', hardState: { term: 1, vote: null, commit: 0 } }]);
      await store.write([{ group: 'q/1', installSnapshot: snap(3, 1) }, { group: 'q/9', entries: [] }]);
      expect(await store.groups()).toEqual(['control', 'q/1', 'q/2']);
    });

    it('returns the same state after close and reopen', async () => {
      await store.write([
        { group: G, entries: entries(1, 40, 1), hardState: { term: 2, vote: 'node3', commit: 30 }, compactSnapshot: snap(10, 1) },
        { group: 'q/3', installSnapshot: snap(100, 4), entries: entries(101, 102, 4) },
      ]);
      const before = { c: await store.load(G), q: await store.load('q/3'), groups: await store.groups() };
      await store.close();
      const again = await openStore();
      expect(await again.groups()).toEqual(before.groups);
      expect(await again.load(G)).toEqual(before.c);
      expect(await again.load('q/3')).toEqual(before.q);
      // and the reopened store knows where the log ends
      await expect(again.write([{ group: G, entries: entries(42, 42, 2) }])).rejects.toBeInstanceOf(InvalidLogWriteError);
      await again.write([{ group: G, entries: entries(41, 41, 2) }]);
      expect(indexes(await again.load(G))).toHaveLength(31);
    });

    it('finishes writes issued before close(), and refuses those issued after', async () => {
      const pending = [store.write([{ group: G, entries: entries(1, 2, 1) }]), store.write([{ group: G, entries: entries(3, 3, 1) }])];
      await store.close();
      await Promise.all(pending);
      await expect(store.write([{ group: G, entries: entries(4, 4, 1) }])).rejects.toThrow(/not open/);
      const again = await openStore();
      expect(indexes(await again.load(G))).toEqual([1, 2, 3]);
    });

    it('round-trips a batch larger than one insert statement', async () => {
      const many = entries(1, 3_000, 9);
      await store.write([{ group: G, entries: many }]);
      const g = await store.load(G);
      expect(g.entries).toHaveLength(3_000);
      expect(g.entries).toEqual(many);
    });

    it('applies concurrently issued writes in call order', async () => {
      const writes: GroupWrite[][] = [];
      for (let i = 1; i <= 40; i++) {
        // every 7th write overwrites the two last entries with a new term
        const from = i % 7 === 0 ? i - 2 : i;
        writes.push([{ group: G, entries: entries(from, i, i), hardState: { term: i, vote: null, commit: Math.max(0, i - 3) } }]);
      }
      await Promise.all(writes.map((b) => store.write(b)));
      expect(await store.load(G)).toEqual(referenceState(writes));
    });

    it('matches the reference model on random valid write sequences', async () => {
      for (let seed = 1; seed <= 4; seed++) {
        const group = `rand/${seed}`;
        const rnd = new SeededRandom(seed);
        const model = new MemoryLogStore();
        await model.open();
        for (let step = 0; step < 25; step++) {
          const w = randomValidWrite(group, await model.load(group), rnd);
          await model.write([w]);
          await store.write([w]);
        }
        expect({ seed, state: await store.load(group) }).toEqual({ seed, state: await model.load(group) });
      }
    });
  });
}

function referenceState(batches: GroupWrite[][]): PersistedGroup {
  let g: PersistedGroup = { hardState: EMPTY_HARD_STATE, snapshot: null, entries: [] };
  for (const b of batches) for (const w of b) g = applyGroupWrite(g, w);
  return g;
}

/** A write that is valid for `g`: append, overwrite a suffix, compact, or install a snapshot. */
function randomValidWrite(group: string, g: PersistedGroup, rnd: SeededRandom): GroupWrite {
  const { snapshotIndex, lastIndex } = boundsOf(g);
  const term = g.hardState.term + rnd.int(2);
  const hardState = { term, vote: rnd.chance(0.5) ? `node${1 + rnd.int(3)}` : null, commit: snapshotIndex };
  const w: GroupWrite = { group, hardState };
  const roll = rnd.int(10);
  if (roll < 6) {
    const from = Math.max(snapshotIndex + 1, lastIndex + 1 - rnd.int(4));
    w.entries = entries(from, from + rnd.int(6), term, `,"r":${rnd.int(1000)}`);
  } else if (roll < 8 && lastIndex > snapshotIndex) {
    w.compactSnapshot = snap(snapshotIndex + 1 + rnd.int(lastIndex - snapshotIndex), term);
  } else {
    const at = lastIndex + rnd.int(5) - 1;
    w.installSnapshot = snap(Math.max(snapshotIndex, at), term);
    if (rnd.chance(0.5)) w.entries = entries(w.installSnapshot.meta.index + 1, w.installSnapshot.meta.index + 2, term);
  }
  return w;
}
