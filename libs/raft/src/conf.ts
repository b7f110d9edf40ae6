import { ConfChange, ConfState, NodeId } from '@app/core';

export function cloneConf(conf: ConfState): ConfState {
  return { voters: [...conf.voters], learners: [...conf.learners] };
}

export function isVoter(conf: ConfState, id: NodeId): boolean {
  return conf.voters.includes(id);
}

export function isMember(conf: ConfState, id: NodeId): boolean {
  return conf.voters.includes(id) || conf.learners.includes(id);
}

export function members(conf: ConfState): NodeId[] {
  return [...conf.voters, ...conf.learners];
}

/** The configuration after one single-server change (dissertation §4.1). */
export function applyConfChange(conf: ConfState, change: ConfChange): ConfState {
  const voters = conf.voters.filter((v) => v !== change.node);
  const learners = conf.learners.filter((l) => l !== change.node);
  switch (change.type) {
    case 'add-voter':
      return { voters: [...voters, change.node], learners };
    case 'add-learner':
      return { voters, learners: [...learners, change.node] };
    case 'remove':
      return { voters, learners };
  }
}

/** Parse the data of a 'conf' entry; a malformed one is a no-op (it was validated at propose time). */
export function parseConfChange(data: string): ConfChange | null {
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const type: unknown = Reflect.get(v, 'type');
  const node: unknown = Reflect.get(v, 'node');
  if (typeof node !== 'string' || node === '') return null;
  if (type === 'add-voter' || type === 'add-learner' || type === 'remove') return { type, node };
  return null;
}

/** A history of configurations by the log index that introduced them, so a snapshot gets the right one. */
export class ConfHistory {
  private readonly items: { index: number; conf: ConfState }[] = [];

  constructor(index: number, conf: ConfState) {
    this.items.push({ index, conf: cloneConf(conf) });
  }

  current(): ConfState {
    return this.items[this.items.length - 1].conf;
  }

  push(index: number, conf: ConfState): void {
    this.items.push({ index, conf: cloneConf(conf) });
  }

  /** The configuration in effect at log index (the latest introduced at or before it). */
  at(index: number): ConfState {
    for (let i = this.items.length - 1; i >= 0; i--) if (this.items[i].index <= index) return this.items[i].conf;
    return this.items[0].conf;
  }

  /** Forget configurations superseded before index (after compaction). */
  pruneBefore(index: number): void {
    while (this.items.length > 1 && this.items[1].index <= index) this.items.shift();
  }

  reset(index: number, conf: ConfState): void {
    this.items.length = 0;
    this.items.push({ index, conf: cloneConf(conf) });
  }
}
