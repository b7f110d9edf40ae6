import { NodeSelector } from './node-selector';
import { findRoute, ProxiedRoute } from './proxied-routes';

const route = (method: string, path: string): ProxiedRoute => {
  const r = findRoute(method, path);
  if (!r) throw new Error(`no route ${method} ${path}`);
  return r;
};
const acquire = route('POST', '/lock/:name');
const produce = route('POST', '/queue/:name');
const queues = route('GET', '/queues');
const nodes = ['n1', 'n2', 'n3'].map((id, i) => ({ id, url: `http://127.0.0.1:${9100 + i}` }));

describe('NodeSelector', () => {
  it('tries the leader first for lock calls, then every other node', () => {
    const s = new NodeSelector(nodes);
    s.updateView(new Map([['n1', true], ['n2', true], ['n3', true]]), 'n2');
    for (let i = 0; i < 4; i++) {
      const order = s.candidates(acquire, undefined);
      expect(order[0]).toBe('n2');
      expect([...order].sort()).toEqual(['n1', 'n2', 'n3']);
    }
  });

  it('rotates the first node when nothing is preferred', () => {
    const s = new NodeSelector(nodes);
    const firsts = [0, 1, 2].map(() => s.candidates(queues, undefined)[0]);
    expect(firsts).toEqual(['n1', 'n2', 'n3']);
  });

  it('puts unreachable nodes last, the leader included, and brings them back when they answer', () => {
    const s = new NodeSelector(nodes);
    s.updateView(new Map([['n1', false], ['n2', true], ['n3', true]]), 'n1');
    expect(s.candidates(acquire, undefined).at(-1)).toBe('n1');
    s.markReachable('n1', true);
    expect(s.candidates(acquire, undefined)[0]).toBe('n1');
  });

  it('follows x-served-by to a new leader, and ignores unknown node ids', () => {
    const s = new NodeSelector(nodes);
    s.updateView(new Map(), 'n1');
    s.learn(acquire, undefined, 'n1', 200, 'n3');
    expect(s.leader).toBe('n3');
    s.learn(acquire, undefined, 'n3', 200, 'n9');
    expect(s.leader).toBe('n3');
  });

  it('remembers which node served a queue, and forgets it after a 5xx from that node', () => {
    const s = new NodeSelector(nodes);
    s.learn(produce, 'orders', 'n1', 201, 'n3');
    expect(s.candidates(produce, 'orders')[0]).toBe('n3');
    s.learn(produce, 'other', 'n2', 201, undefined);
    expect(s.candidates(produce, 'other')[0]).toBe('n2');
    s.learn(produce, 'orders', 'n3', 503, undefined);
    const firsts = new Set([0, 1, 2].map(() => s.candidates(produce, 'orders')[0]));
    expect(firsts.size).toBe(3);
  });
});
