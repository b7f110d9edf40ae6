import { connect, Socket } from 'net';
import { PEER_BATCH_ROUTE } from '@app/adapters/transport-shared';
import { contextOf, FAST_RECONNECT, hb, makeNode, randomPorts, TestNode, waitFor } from './tcp-test-helpers';

/** Nest's TCP framing: "<length in UTF-16 units>#<json>". */
const frame = (text: string): string => `${text.length}#${text}`;
const event = (data: unknown): string => frame(JSON.stringify({ pattern: PEER_BATCH_ROUTE, data }));

async function rawClient(port: number): Promise<Socket> {
  const s = connect(port, '127.0.0.1');
  s.on('error', () => undefined); // the victim may reset us: that is the point
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('error', reject);
  });
  return s;
}

const closed = (s: Socket): Promise<void> => new Promise((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())));

describe('TcpPeerTransport inbound validation (raw sockets)', () => {
  const ids = ['n1', 'n2'];
  let n1: TestNode;
  let n2: TestNode;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    const ports = randomPorts(2);
    n1 = makeNode('n1', ids, ports, { ...FAST_RECONNECT, maxBatchBytes: 4096 });
    n2 = makeNode('n2', ids, ports, { ...FAST_RECONNECT, maxBatchBytes: 4096 });
    await Promise.all([n1.transport.start(), n2.transport.start()]);
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.destroy());
    await Promise.all([n1.transport.stop(), n2.transport.stop()]);
  });

  async function attacker(): Promise<Socket> {
    const s = await rawClient(n1.port);
    sockets.push(s);
    return s;
  }

  /** After the abuse, a legitimate peer still gets through. */
  async function stillWorks(tag: string): Promise<void> {
    n2.transport.send('n1', hb('n2', 'n1', tag));
    await waitFor(`legit message ${tag}`, () => n1.inbox.some((m) => contextOf(m.payload) === tag));
  }

  const rejected = (): Record<string, number> => n1.transport.stats().rejectedByReason;

  it('counts garbage JSON inside a valid frame and keeps the connection', async () => {
    const s = await attacker();
    s.write(frame('{not json'));
    s.write(frame('}}}'));
    await waitFor('bad-json x2', () => rejected()['bad-json'] === 2);
    // same connection still usable for a valid frame
    s.write(event({ v: 1, from: 'n2', payloads: [hb('n2', 'n1', 'via-raw')] }));
    await waitFor('raw valid frame', () => n1.inbox.some((m) => contextOf(m.payload) === 'via-raw'));
    await stillWorks('a');
  });

  it('drops the connection on a corrupted length prefix', async () => {
    const s = await attacker();
    s.write('abc#{"x":1}');
    await closed(s);
    expect(rejected()['bad-frame']).toBe(1);
    await stillWorks('b');
  });

  it('refuses frames that are not our one-way event', async () => {
    const s = await attacker();
    s.write(frame(JSON.stringify({ hello: 'world' })));
    s.write(frame(JSON.stringify([1, 2, 3])));
    s.write(frame('42'));
    s.write(frame(JSON.stringify({ pattern: 'other', data: {} })));
    // a request (has an id): we never answer requests on this channel
    s.write(frame(JSON.stringify({ pattern: PEER_BATCH_ROUTE, data: {}, id: 'r1' })));
    await waitFor('bad-envelope x5', () => rejected()['bad-envelope'] === 5);
    expect(n1.inbox).toHaveLength(0);
    await stillWorks('c');
  });

  it('refuses wrong batch shapes, unknown senders and malformed payloads', async () => {
    const s = await attacker();
    s.write(event(null));
    s.write(event({ v: 1, from: 'n2' }));
    s.write(event({ v: 9, from: 'n2', payloads: [] }));
    s.write(event({ v: 1, from: 'mallory', payloads: [hb('mallory', 'n1')] }));
    s.write(event({ v: 1, from: 'n1', payloads: [hb('n1', 'n1')] }));
    s.write(
      event({
        v: 1,
        from: 'n2',
        payloads: [
          { channel: 'raft', message: { type: 'heartbeat' } },
          { channel: 'pbft', message: {} },
          { ...hb('n2', 'n1'), message: { ...hb('n2', 'n1').message, term: -5 } },
          hb('n3', 'n1'),
          hb('n2', 'n1', 'good-one'),
        ],
      }),
    );
    await waitFor('all counted', () => n1.transport.stats().rejectedInbound === 9);
    expect(rejected()).toEqual({ 'bad-batch': 3, 'unknown-sender': 2, 'malformed-payload': 3, 'sender-mismatch': 1 });
    expect(n1.inbox.map((m) => contextOf(m.payload))).toEqual(['good-one']);
    await stillWorks('d');
  });

  it('refuses an oversize frame, and cuts a connection that streams past the framing limit', async () => {
    const s = await attacker();
    s.write(event({ v: 1, from: 'n2', payloads: [hb('n2', 'n1', 'x'.repeat(5000))] }));
    await waitFor('oversize frame', () => rejected().oversize === 1);
    expect(n1.inbox).toHaveLength(0);

    const flood = await attacker();
    // claims a 100 MB frame and keeps sending: must be cut once the buffer passes the limit
    flood.write('100000000#');
    const chunk = 'y'.repeat(64 * 1024);
    for (let i = 0; i < 40 && !flood.destroyed; i++) {
      flood.write(chunk);
      await new Promise((r) => setImmediate(r));
    }
    await closed(flood);
    expect(rejected().oversize).toBe(2);
    await stillWorks('e');
  });

  it('survives a peer that connects, sends half a frame and disappears', async () => {
    const s = await attacker();
    s.write('50#{"pattern":');
    s.destroy();
    await stillWorks('f');
    expect(n1.transport.stats().handlerErrors).toBe(0);
  });
});
