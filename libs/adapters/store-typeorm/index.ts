export * from './src/entities';
export * from './src/migrations/1764000000000-create-raft-tables';
export * from './src/raft-write-sql';
export * from './src/row-mappers';
export * from './src/serial-queue';
export * from './src/typeorm-log-store';
