import { LogStore } from '@app/core';
import { DynamicModule, Inject, Injectable, InjectionToken, Module, ModuleMetadata, OnApplicationShutdown } from '@nestjs/common';
import { LogStoreOptions, createLogStore } from './create-log-store';

export const LOG_STORE_OPTIONS = Symbol('LOG_STORE_OPTIONS');

export interface LogStoreModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  /** Gets the injected providers, in the order of `inject`. */
  useFactory: (...args: never[]) => LogStoreOptions | Promise<LogStoreOptions>;
}

/** Closes the store in the last shutdown phase, after the modules that write to it have stopped. */
@Injectable()
class LogStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(LogStore) private readonly store: LogStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * Provides the LogStore port (the abstract class is the token), opened before anything that
 * injects it starts:
 *   LogStoreModule.forRoot({ kind: 'sqlite', path: 'data/node1/raft.sqlite' })
 *   LogStoreModule.forRootAsync({ inject: [ConfigService], useFactory: (c: ConfigService) => ({ ... }) })
 */
@Module({})
export class LogStoreModule {
  static forRoot(options: LogStoreOptions): DynamicModule {
    return LogStoreModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: LogStoreModuleAsyncOptions): DynamicModule {
    return {
      module: LogStoreModule,
      imports: options.imports ?? [],
      providers: [
        { provide: LOG_STORE_OPTIONS, inject: options.inject ?? [], useFactory: (...args: unknown[]) => options.useFactory(...(args as never[])) },
        {
          provide: LogStore,
          inject: [LOG_STORE_OPTIONS],
          useFactory: async (o: LogStoreOptions): Promise<LogStore> => {
            const store = createLogStore(o);
            await store.open();
            return store;
          },
        },
        LogStoreCloser,
      ],
      exports: [LogStore],
    };
  }
}
