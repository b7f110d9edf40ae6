import { TypeOrmLogStore } from '@app/adapters/store-typeorm';
import type { Database } from 'better-sqlite3';

export interface SqliteLogStoreOptions {
  /** Database file; its folder is created if missing. */
  path: string;
  insertChunkRows?: number;
}

/**
 * The embedded default LogStore: one SQLite file through TypeORM and better-sqlite3.
 * WAL with synchronous=FULL makes every committed transaction (= one write() batch) fsynced
 * before write() resolves; one fsync per batch, never per entry.
 */
export class SqliteLogStore extends TypeOrmLogStore {
  constructor(options: SqliteLogStoreOptions) {
    super({
      dataSource: {
        type: 'better-sqlite3',
        database: options.path,
        enableWAL: true,
        // one prepared INSERT per batch size seen: keep them all
        statementCacheSize: 1000,
        prepareDatabase: (db: Database) => {
          db.pragma('synchronous = FULL');
        },
      },
      // SQLite binds at most 32766 parameters per statement; 5 per row.
      insertChunkRows: options.insertChunkRows ?? 500,
    });
  }
}
