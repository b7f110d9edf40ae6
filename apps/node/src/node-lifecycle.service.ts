import { LogStore, PeerTransport } from '@app/core';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ControlGroup } from './consensus/control-group.service';
import { RaftDriver } from './consensus/raft-driver.service';
import { ContextLogger, JsonLogger } from './logging/json-logger';
import { PeerDispatcher } from './peer/peer-dispatcher.service';

/**
 * Start and stop order of the node's moving parts. Start: open the store, restore the groups,
 * listen to peers, then tick. Stop: stop ticking and let the round in flight finish, then
 * close the transport and the store.
 */
@Injectable()
export class NodeLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log: ContextLogger;

  constructor(
    private readonly store: LogStore,
    private readonly transport: PeerTransport,
    private readonly control: ControlGroup,
    private readonly dispatcher: PeerDispatcher,
    private readonly driver: RaftDriver,
    logger: JsonLogger,
  ) {
    this.log = logger.child('NodeLifecycle');
  }

  async onModuleInit(): Promise<void> {
    await this.store.open();
    await this.control.boot();
    this.dispatcher.attach();
    await this.transport.start();
    const s = this.control.group.status();
    this.log.info('restored', { group: s.group, term: s.term, commit: s.commit, applied: this.control.group.appliedIndex });
  }

  onApplicationBootstrap(): void {
    this.driver.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.driver.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.stop();
    await this.store.close();
    this.log.info('stopped');
  }
}
