import { EMPTY_HARD_STATE, GroupId, GroupWrite, LogStore, PersistedGroup } from '@app/core';
import { EMPTY_LOG_BOUNDS, LogBounds, nextLogBounds } from '@app/adapters/store-memory';
import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';
import { RAFT_ENTITIES, RaftEntryRow, RaftHardStateRow, RaftSnapshotRow } from './entities';
import { CreateRaftTables1764000000000 } from './migrations/1764000000000-create-raft-tables';
import { rowToEntry, rowToHardState, rowToSnapshot } from './row-mappers';
import { RaftWriteSql } from './raft-write-sql';
import { SerialQueue } from './serial-queue';

export interface TypeOrmLogStoreOptions {
  /** How to connect; the store adds its own entities and migrations. */
  dataSource: DataSourceOptions;
  /** Runs once connected, before the migrations (e.g. create the PostgreSQL schema). */
  prepare?: (ds: DataSource) => Promise<void>;
  /** Rows per INSERT: few statements per batch, under every driver's bound-parameter limit. */
  insertChunkRows?: number;
}

/**
 * LogStore over TypeORM (SQLite or PostgreSQL: same entities and migration). Each write() batch
 * is one transaction, so it is atomic and costs one fsync at commit however many entries and
 * groups it holds. Every operation runs through one queue, so batches commit in call order and a
 * load() never sees half a batch.
 */
export class TypeOrmLogStore extends LogStore {
  private ds: DataSource | null = null;
  private sql: RaftWriteSql | null = null;
  private readonly queue = new SerialQueue();
  /** Bounds of the groups this store has read or written: it is the only writer of its tables. */
  private readonly bounds = new Map<GroupId, LogBounds>();
  private readonly chunkRows: number;

  constructor(private readonly options: TypeOrmLogStoreOptions) {
    super();
    this.chunkRows = options.insertChunkRows ?? 500;
  }

  /** The open DataSource, for health checks and tests. */
  get dataSource(): DataSource {
    if (!this.ds) throw new Error('LogStore is not open');
    return this.ds;
  }

  private get writeSql(): RaftWriteSql {
    if (!this.sql) throw new Error('LogStore is not open');
    return this.sql;
  }

  async open(): Promise<void> {
    if (this.ds) return;
    const ds = new DataSource({
      ...this.options.dataSource,
      entities: RAFT_ENTITIES,
      migrations: [CreateRaftTables1764000000000],
      migrationsTableName: 'raft_migrations',
      migrationsRun: false,
      synchronize: false,
    });
    await ds.initialize();
    try {
      await this.options.prepare?.(ds);
      await ds.runMigrations({ transaction: 'all' });
    } catch (err) {
      await ds.destroy();
      throw err;
    }
    this.ds = ds;
    this.sql = new RaftWriteSql(ds);
  }

  /** Closes after every operation issued before it; operations issued later fail as not open. */
  close(): Promise<void> {
    return this.queue.run(async () => {
      const ds = this.ds;
      if (!ds) return;
      this.ds = null;
      this.sql = null;
      this.bounds.clear();
      await ds.destroy();
    });
  }

  groups(): Promise<GroupId[]> {
    return this.queue.run(async () => {
      const m = this.dataSource.manager;
      const found = new Set<GroupId>();
      for (const target of RAFT_ENTITIES) {
        const rows = await m.createQueryBuilder(target, 't').select('DISTINCT t.group', 'g').getRawMany<{ g: string }>();
        for (const r of rows) found.add(r.g);
      }
      return [...found].sort();
    });
  }

  load(group: GroupId): Promise<PersistedGroup> {
    return this.queue.run(async () => {
      const m = this.dataSource.manager;
      const hs = await m.findOneBy(RaftHardStateRow, { group });
      const snap = await m.findOneBy(RaftSnapshotRow, { group });
      const rows = await m.find(RaftEntryRow, { where: { group }, order: { idx: 'ASC' } });
      const loaded: PersistedGroup = {
        hardState: hs ? rowToHardState(hs) : { ...EMPTY_HARD_STATE },
        snapshot: snap ? rowToSnapshot(snap) : null,
        entries: rows.map(rowToEntry),
      };
      const snapshotIndex = loaded.snapshot?.meta.index ?? 0;
      this.bounds.set(group, { snapshotIndex, lastIndex: rows.length ? rows[rows.length - 1].idx : snapshotIndex });
      return loaded;
    });
  }

  write(batch: GroupWrite[]): Promise<void> {
    return this.queue.run(async () => {
      const ds = this.dataSource;
      const sql = this.writeSql;
      if (!batch.some(writesAnything)) return; // no transaction, no fsync for an empty Ready
      // Check the whole batch before the transaction: a bad write fails the batch untouched.
      const next = new Map<GroupId, LogBounds>();
      for (const w of batch) {
        const current = next.get(w.group) ?? (await this.boundsOf(ds.manager, w.group));
        next.set(w.group, nextLogBounds(current, w));
      }
      try {
        await ds.transaction(async (m) => {
          for (const w of batch) await this.applyWrite(m, sql, w);
        });
      } catch (err) {
        this.bounds.clear(); // unsure what is on disk now: read it again when needed
        throw err;
      }
      for (const [group, b] of next) this.bounds.set(group, b);
    });
  }

  private async applyWrite(m: EntityManager, sql: RaftWriteSql, w: GroupWrite): Promise<void> {
    const { group } = w;
    if (w.installSnapshot) {
      await sql.deleteFrom(m, group, 0);
      await sql.upsertSnapshot(m, group, w.installSnapshot);
    }
    const entries = w.entries ?? [];
    if (entries.length > 0) {
      // The overwrite rule: a new entry at a stored index replaces it and everything after it.
      await sql.deleteFrom(m, group, entries[0].index);
      for (let i = 0; i < entries.length; i += this.chunkRows) await sql.insertEntries(m, group, entries.slice(i, i + this.chunkRows));
    }
    if (w.hardState) await sql.upsertHardState(m, group, w.hardState);
    if (w.compactSnapshot) {
      await sql.upsertSnapshot(m, group, w.compactSnapshot);
      await sql.deleteUpTo(m, group, w.compactSnapshot.meta.index);
    }
  }

  private async boundsOf(m: EntityManager, group: GroupId): Promise<LogBounds> {
    const cached = this.bounds.get(group);
    if (cached) return cached;
    const snap = await m.findOneBy(RaftSnapshotRow, { group });
    const last = await m
      .createQueryBuilder(RaftEntryRow, 'e')
      .select('MAX(e.idx)', 'last')
      .where('e.group = :group', { group })
      .getRawOne<{ last: string | number | null }>();
    const snapshotIndex = snap ? snap.idx : EMPTY_LOG_BOUNDS.snapshotIndex;
    const b = { snapshotIndex, lastIndex: last?.last != null ? Number(last.last) : snapshotIndex };
    this.bounds.set(group, b);
    return b;
  }
}

function writesAnything(w: GroupWrite): boolean {
  return Boolean(w.installSnapshot || w.hardState || w.compactSnapshot || (w.entries && w.entries.length > 0));
}
