import { LogStore } from '@app/core';
import { MemoryLogStore } from '@app/adapters/store-memory';
import { SqliteLogStore } from '@app/adapters/store-sqlite';
import { LogStoreModule } from '@app/adapters/store-typeorm/nest';
import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import { entries } from './support/log-store-conformance';
import { makeTempDir } from './support/temp-dir';

@Injectable()
class FakeConfig {
  readonly storeKind = 'memory';
}

@Module({ providers: [FakeConfig], exports: [FakeConfig] })
class FakeConfigModule {}

@Injectable()
class UsesStore {
  constructor(@Inject(LogStore) readonly store: LogStore) {}
}

describe('LogStoreModule', () => {
  it('provides an opened SQLite store and closes it at application shutdown', async () => {
    const dir = makeTempDir('logstore-module');
    const path = join(dir.path, 'raft.sqlite');
    try {
      const app = await Test.createTestingModule({ imports: [LogStoreModule.forRoot({ kind: 'sqlite', path })], providers: [UsesStore] }).compile();
      const { store } = app.get(UsesStore);
      expect(store).toBeInstanceOf(SqliteLogStore);
      await store.write([{ group: 'control', entries: entries(1, 3, 1) }]);
      await app.close();
      await expect(store.load('control')).rejects.toThrow(/not open/);

      const reopened = new SqliteLogStore({ path });
      await reopened.open();
      expect((await reopened.load('control')).entries).toEqual(entries(1, 3, 1));
      await reopened.close();
    } finally {
      dir.remove();
    }
  });

  it('takes its options from injected providers with forRootAsync', async () => {
    const app = await Test.createTestingModule({
      imports: [
        LogStoreModule.forRootAsync({
          imports: [FakeConfigModule],
          inject: [FakeConfig],
          useFactory: (c: FakeConfig) => ({ kind: c.storeKind }),
        }),
      ],
    }).compile();
    const store = app.get(LogStore);
    expect(store).toBeInstanceOf(MemoryLogStore);
    expect(await store.groups()).toEqual([]);
    await app.close();
  });
});
