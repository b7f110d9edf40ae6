import { PeerPayload } from '@app/core';
import { BatchSink, PeerBatcher } from './peer-batcher';
import { TransportCounters } from './transport-counters';

const hb = (to: string, context: string): PeerPayload => ({
  channel: 'raft',
  message: { group: 'control', from: 'n1', to, term: 1, type: 'heartbeat', commit: 0, context },
});

/** A scheduler the test drives: run() plays one "tick". */
function manualScheduler(): { schedule: (fn: () => void) => () => void; run: () => void; pending: () => number } {
  let fns: Array<() => void> = [];
  return {
    schedule: (fn) => {
      fns.push(fn);
      return () => (fns = fns.filter((f) => f !== fn));
    },
    run: () => {
      const now = fns;
      fns = [];
      now.forEach((f) => f());
    },
    pending: () => fns.length,
  };
}

class RecordingSink implements BatchSink {
  writable = new Set(['n2', 'n3']);
  frames: Array<{ to: string; contexts: string[] }> = [];
  canSend(to: string): boolean {
    return this.writable.has(to);
  }
  sendBatch(to: string, payloads: PeerPayload[]): void {
    this.frames.push({ to, contexts: payloads.map((p) => (p.message.type === 'heartbeat' ? p.message.context : '?')) });
  }
}

function setup(options: { maxQueuedPerPeer?: number; maxPayloadsPerBatch?: number; maxBatchBytes?: number } = {}) {
  const sched = manualScheduler();
  const sink = new RecordingSink();
  const counters = new TransportCounters();
  const batcher = new PeerBatcher(['n2', 'n3'], sink, counters, { ...options, scheduler: sched.schedule });
  return { sched, sink, counters, batcher };
}

/** An append carrying one entry of about `size` characters. */
const bigAppend = (to: string, tag: string, size: number): PeerPayload => ({
  channel: 'raft',
  message: {
    group: 'control',
    from: 'n1',
    to,
    term: 1,
    type: 'append',
    prevIndex: 0,
    prevTerm: 0,
    commit: 0,
    entries: [{ index: 1, term: 1, kind: 'normal', data: tag + 'x'.repeat(size) }],
  },
});

describe('PeerBatcher', () => {
  it('splits one tick of payloads into frames that fill at most a quarter of maxBatchBytes (estimated), one big payload alone', () => {
    const frames: Array<{ to: string; sizes: number[] }> = [];
    const sched = manualScheduler();
    const sink: BatchSink = {
      canSend: () => true,
      sendBatch: (to, payloads) => frames.push({ to, sizes: payloads.map((p) => JSON.stringify(p).length) }),
    };
    const batcher = new PeerBatcher(['n2'], sink, new TransportCounters(), { maxBatchBytes: 200_000, scheduler: sched.schedule });
    for (let i = 0; i < 10; i++) batcher.enqueue('n2', bigAppend('n2', `a${i}`, 20_000));
    batcher.enqueue('n2', bigAppend('n2', 'huge', 150_000));
    batcher.enqueue('n2', hb('n2', 'after'));
    while (sched.pending() > 0) sched.run();
    // 10 x 20 KB in frames of <= 50 KB: two per frame; then the oversize one alone; then the heartbeat.
    expect(frames.map((f) => f.sizes.length)).toEqual([2, 2, 2, 2, 2, 1, 1]);
    for (const f of frames.slice(0, 5)) expect(f.sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(50_000);
    expect(batcher.queued()).toBe(0);
  });

  it('sends one frame per peer per tick with everything queued in that tick, in order', () => {
    const { sched, sink, batcher } = setup();
    for (let i = 0; i < 5; i++) {
      batcher.enqueue('n2', hb('n2', `a${i}`));
      batcher.enqueue('n3', hb('n3', `b${i}`));
    }
    expect(sink.frames).toHaveLength(0);
    expect(sched.pending()).toBe(1);
    sched.run();
    expect(sink.frames).toEqual([
      { to: 'n2', contexts: ['a0', 'a1', 'a2', 'a3', 'a4'] },
      { to: 'n3', contexts: ['b0', 'b1', 'b2', 'b3', 'b4'] },
    ]);
    expect(sched.pending()).toBe(0);
  });

  it('splits a long queue over several ticks of maxPayloadsPerBatch', () => {
    const { sched, sink, batcher } = setup({ maxPayloadsPerBatch: 4 });
    for (let i = 0; i < 10; i++) batcher.enqueue('n2', hb('n2', `${i}`));
    sched.run();
    sched.run();
    sched.run();
    expect(sink.frames.map((f) => f.contexts.length)).toEqual([4, 4, 2]);
    expect(sched.pending()).toBe(0);
  });

  it('holds payloads for an unwritable peer, bounded, dropping the oldest, until kick()', () => {
    const { sched, sink, counters, batcher } = setup({ maxQueuedPerPeer: 3 });
    sink.writable.delete('n2');
    for (let i = 0; i < 5; i++) batcher.enqueue('n2', hb('n2', `${i}`));
    sched.run();
    expect(sink.frames).toHaveLength(0);
    expect(batcher.queued('n2')).toBe(3);
    expect(counters.snapshot(0).droppedByReason).toEqual({ 'queue-full': 2 });
    sink.writable.add('n2');
    batcher.kick();
    sched.run();
    expect(sink.frames).toEqual([{ to: 'n2', contexts: ['2', '3', '4'] }]);
  });

  it('counts sends to unknown peers and after close, and never throws', () => {
    const { sched, counters, batcher } = setup();
    batcher.enqueue('nobody', hb('nobody', 'x'));
    batcher.enqueue('n2', hb('n2', 'y'));
    batcher.close();
    batcher.enqueue('n2', hb('n2', 'z'));
    sched.run();
    expect(counters.snapshot(0).droppedByReason).toEqual({ 'no-route': 1, stopped: 2 });
  });

  it('setPeers: a new peer gets a queue; a dropped one loses its queued payloads (peer-removed) and further sends (no-route)', () => {
    const { sched, sink, counters, batcher } = setup();
    sink.writable.add('n4');
    sink.writable.delete('n3');
    batcher.enqueue('n4', hb('n4', 'before'));
    batcher.enqueue('n3', hb('n3', 'held'));
    batcher.enqueue('n3', hb('n3', 'held too'));
    expect(batcher.setPeers(['n2', 'n4'])).toEqual({ added: ['n4'], removed: ['n3'] });
    expect([batcher.has('n4'), batcher.has('n3')]).toEqual([true, false]);
    batcher.enqueue('n4', hb('n4', 'after'));
    batcher.enqueue('n3', hb('n3', 'gone'));
    sched.run();
    expect(sink.frames).toEqual([{ to: 'n4', contexts: ['after'] }]);
    expect(batcher.queued()).toBe(0);
    expect(counters.snapshot(0).droppedByReason).toEqual({ 'no-route': 2, 'peer-removed': 2 });
    expect(batcher.setPeers(['n2', 'n4'])).toEqual({ added: [], removed: [] });
  });

  it('counts a batch whose sink throws as send-error', () => {
    const { sched, sink, counters, batcher } = setup();
    sink.sendBatch = () => {
      throw new Error('boom');
    };
    batcher.enqueue('n2', hb('n2', 'a'));
    batcher.enqueue('n2', hb('n2', 'b'));
    expect(() => sched.run()).not.toThrow();
    expect(counters.snapshot(0).droppedByReason).toEqual({ 'send-error': 2 });
  });
});
