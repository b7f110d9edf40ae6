import { GroupId, HardState, LogEntry, Snapshot } from '@app/core';
import { DataSource, EntityManager } from 'typeorm';
import { RaftEntryRow, RaftHardStateRow, RaftSnapshotRow } from './entities';

/**
 * The SQL of the write path, built once from the DataSource's driver (quoting and placeholder
 * style: `?` for SQLite, `$n` for PostgreSQL). TypeORM's query builders inline numbers into the
 * SQL text, so every batch would prepare new statements; these texts are constant (per row count
 * for inserts), so the driver's statement cache prepares each one once.
 */
export class RaftWriteSql {
  private readonly insertByRows = new Map<number, string>();
  private readonly entryTable: string;
  private readonly deleteFromSql: string;
  private readonly deleteUpToSql: string;
  private readonly upsertHardStateSql: string;
  private readonly upsertSnapshotSql: string;

  constructor(private readonly ds: DataSource) {
    this.entryTable = this.table(RaftEntryRow);
    const g = this.q('group_id');
    this.deleteFromSql = `DELETE FROM ${this.entryTable} WHERE ${g} = ${this.p(0)} AND ${this.q('idx')} >= ${this.p(1)}`;
    this.deleteUpToSql = `DELETE FROM ${this.entryTable} WHERE ${g} = ${this.p(0)} AND ${this.q('idx')} <= ${this.p(1)}`;
    this.upsertHardStateSql = this.upsert(this.table(RaftHardStateRow), ['group_id', 'term', 'vote', 'commit']);
    this.upsertSnapshotSql = this.upsert(this.table(RaftSnapshotRow), ['group_id', 'idx', 'term', 'conf', 'data']);
  }

  /** Entries from `index` on (the overwrite rule), or all with index 0. */
  async deleteFrom(m: EntityManager, group: GroupId, index: number): Promise<void> {
    await m.query(this.deleteFromSql, [group, index]);
  }

  async deleteUpTo(m: EntityManager, group: GroupId, index: number): Promise<void> {
    await m.query(this.deleteUpToSql, [group, index]);
  }

  /** One multi-row INSERT for the rows given (the caller chunks). */
  async insertEntries(m: EntityManager, group: GroupId, entries: LogEntry[]): Promise<void> {
    const params: (string | number)[] = [];
    for (const e of entries) params.push(group, e.index, e.term, e.kind, e.data);
    await m.query(this.insertSql(entries.length), params);
  }

  async upsertHardState(m: EntityManager, group: GroupId, h: HardState): Promise<void> {
    await m.query(this.upsertHardStateSql, [group, h.term, h.vote, h.commit]);
  }

  async upsertSnapshot(m: EntityManager, group: GroupId, s: Snapshot): Promise<void> {
    await m.query(this.upsertSnapshotSql, [group, s.meta.index, s.meta.term, JSON.stringify(s.meta.conf), s.data]);
  }

  private insertSql(rows: number): string {
    let sql = this.insertByRows.get(rows);
    if (!sql) {
      const tuples: string[] = [];
      for (let r = 0; r < rows; r++) tuples.push(`(${[0, 1, 2, 3, 4].map((c) => this.p(r * 5 + c)).join(', ')})`);
      const cols = ['group_id', 'idx', 'term', 'kind', 'data'].map((c) => this.q(c)).join(', ');
      sql = `INSERT INTO ${this.entryTable} (${cols}) VALUES ${tuples.join(', ')}`;
      this.insertByRows.set(rows, sql);
    }
    return sql;
  }

  /** INSERT ... ON CONFLICT (group_id) DO UPDATE: the same text works on SQLite >= 3.24 and PostgreSQL. */
  private upsert(table: string, columns: string[]): string {
    const cols = columns.map((c) => this.q(c));
    const sets = cols.slice(1).map((c) => `${c} = excluded.${c}`);
    return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => this.p(i)).join(', ')}) ON CONFLICT (${cols[0]}) DO UPDATE SET ${sets.join(', ')}`;
  }

  private table(entity: typeof RaftEntryRow | typeof RaftHardStateRow | typeof RaftSnapshotRow): string {
    // tablePath is "schema.table" on PostgreSQL with a schema, "table" otherwise
    return this.ds.getMetadata(entity).tablePath.split('.').map((part) => this.q(part)).join('.');
  }

  private q(identifier: string): string {
    return this.ds.driver.escape(identifier);
  }

  private p(index: number): string {
    return this.ds.driver.createParameter(`p${index}`, index);
  }
}
