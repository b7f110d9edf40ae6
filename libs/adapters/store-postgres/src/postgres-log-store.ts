import { TypeOrmLogStore } from '@app/adapters/store-typeorm';

export interface PostgresLogStoreOptions {
  /** e.g. postgres://postgres@127.0.0.1:5432/test */
  url: string;
  /** Schema holding the tables (created if missing); default "public". One per node sharing a database. */
  schema?: string;
  /** Connections in the pool (writes run one at a time; loads may add one). */
  poolSize?: number;
  insertChunkRows?: number;
}

/**
 * LogStore on PostgreSQL with the same entities as SQLite. A write() batch is one transaction;
 * with PostgreSQL's default synchronous_commit=on the commit returns once the WAL is flushed.
 */
export class PostgresLogStore extends TypeOrmLogStore {
  constructor(options: PostgresLogStoreOptions) {
    const schema = options.schema ?? 'public';
    super({
      dataSource: { type: 'postgres', url: options.url, schema, poolSize: options.poolSize ?? 2 },
      prepare: async (ds) => {
        await ds.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      },
      // PostgreSQL binds at most 65535 parameters per statement; 5 per row.
      insertChunkRows: options.insertChunkRows ?? 1000,
    });
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
