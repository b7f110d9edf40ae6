import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const groupId: TableColumnOptions = { name: 'group_id', type: 'varchar', length: '200', isPrimary: true };
const bigint = (name: string, isPrimary = false): TableColumnOptions => ({ name, type: 'bigint', isPrimary });
const text = (name: string): TableColumnOptions => ({ name, type: 'text' });

/**
 * The tables of the entities, written with TypeORM's driver-neutral Table API so SQLite and
 * PostgreSQL get the same schema. A migration, not `synchronize`: synchronize may drop a column
 * (and the log in it) when an entity changes.
 */
export class CreateRaftTables1764000000000 implements MigrationInterface {
  name = 'CreateRaftTables1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'raft_entry',
        columns: [groupId, bigint('idx', true), bigint('term'), { name: 'kind', type: 'varchar', length: '16' }, text('data')],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'raft_hard_state',
        columns: [groupId, bigint('term'), { name: 'vote', type: 'varchar', length: '200', isNullable: true }, bigint('commit')],
      }),
      true,
    );
    await q.createTable(
      new Table({ name: 'raft_snapshot', columns: [groupId, bigint('idx'), bigint('term'), text('conf'), text('data')] }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['raft_snapshot', 'raft_hard_state', 'raft_entry']) await q.dropTable(t, true);
  }
}
