/**
 * Balance of the consistent-hash ring: how evenly keys spread over nodes, for the plain ring and
 * the bounded-load assignment, and how much moves when one node joins. A second table does the
 * same for queue partitions placed with RF = 3 (what libs/queue uses).
 *
 *   node -r @swc-node/register bench/hashing/balance.ts [--keys 100000] [--vnodes 128] [--epsilons 0.25,0.1,0.05]
 *                                                        [--partitions 64] [--rf 3]
 *
 * Deterministic: the key set is fixed ("key-0".."key-<n-1>", partitions "orders/0".."orders/<p-1>"),
 * so every run prints the same tables.
 */
import {
  assignWithBoundedLoad,
  countPerNode,
  diffPlacements,
  HashRing,
  loadStats,
  LoadStats,
  partitionKeys,
  placement,
  Placement,
  replicasMoved,
} from '@app/hashing';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const KEYS = Number(arg('keys', '100000'));
const VNODES = Number(arg('vnodes', '128'));
const EPSILONS = arg('epsilons', '0.25,0.1,0.05').split(',').map(Number);
const PARTITIONS = Number(arg('partitions', '64'));
const RF = Number(arg('rf', '3'));
const SIZES = [3, 5, 7, 16];

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const nodeNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `node${i + 1}`);
const statsCols = (s: LoadStats): string =>
  `${s.maxOverMean.toFixed(3)} | ${(s.min / s.mean).toFixed(3)} | ${pct(s.shareStdDev)} | ${pct(s.relativeStdDev)}`;

function keyTable(): string[] {
  const keys = Array.from({ length: KEYS }, (_, i) => `key-${i}`);
  const out = [
    `Keys: ${KEYS} keys, ${VNODES} vnodes per node; bounded cap = ceil((1+ε) · keys / nodes)`,
    '',
    '| assignment | nodes | max/avg | min/avg | std dev of share | std dev / mean share | keys moved when node n+1 joins (ideal 1/(n+1)) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const n of SIZES) {
    const ring = HashRing.of(nodeNames(n), { vnodes: VNODES });
    const grown = ring.withNode(`node${n + 1}`);
    const ideal = `(ideal ${pct(1 / (n + 1))})`;

    const plain = keys.map((k) => ring.ownerOf(k));
    const moved = keys.filter((k, i) => grown.ownerOf(k) !== plain[i]).length;
    out.push(`| plain ring | ${n} | ${statsCols(loadStats(countPerNode(ring.nodes, plain)))} | ${pct(moved / KEYS)} ${ideal} |`);

    for (const epsilon of EPSILONS) {
      const a = assignWithBoundedLoad(ring, keys, { epsilon });
      const b = assignWithBoundedLoad(grown, keys, { epsilon });
      const movedB = keys.filter((k) => a.replicas.get(k)?.[0] !== b.replicas.get(k)?.[0]).length;
      const s = loadStats(ring.nodes.map((node) => a.loads.get(node) ?? 0));
      out.push(`| bounded ε=${epsilon} (cap ${(a.capacity / s.mean).toFixed(3)}) | ${n} | ${statsCols(s)} | ${pct(movedB / KEYS)} ${ideal} |`);
    }
  }
  return out;
}

function partitionTable(): string[] {
  const partitions = partitionKeys('orders', PARTITIONS);
  const out = [
    `Partitions: ${PARTITIONS} partitions ("orders/0".."orders/${PARTITIONS - 1}"), RF=${RF}, ${VNODES} vnodes per node; load = replicas per node`,
    '',
    '| placement | nodes | replicas max/avg | leaders max/avg | replicas moved when node n+1 joins | partitions touched |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const leaderStats = (ring: HashRing, p: Placement): LoadStats => loadStats(countPerNode(ring.nodes, [...p.values()].map((r) => r[0])));
  const replicaStats = (ring: HashRing, p: Placement): LoadStats => loadStats(countPerNode(ring.nodes, [...p.values()].flat()));
  for (const n of SIZES) {
    const ring = HashRing.of(nodeNames(n), { vnodes: VNODES });
    const grown = ring.withNode(`node${n + 1}`);
    const variants: [string, { epsilon: number } | undefined][] = [['plain ring', undefined], ...EPSILONS.map((e): [string, { epsilon: number }] => [`bounded ε=${e}`, { epsilon: e }])];
    for (const [label, boundedLoad] of variants) {
      const before = placement(ring, partitions, { rf: RF, boundedLoad });
      const after = placement(grown, partitions, { rf: RF, boundedLoad });
      const moves = diffPlacements(before, after);
      const touched = moves.filter((m) => m.added.length > 0).length;
      out.push(
        `| ${label} | ${n} | ${replicaStats(ring, before).maxOverMean.toFixed(3)} | ${leaderStats(ring, before).maxOverMean.toFixed(3)} | ${replicasMoved(moves)} of ${PARTITIONS * Math.min(RF, n)} | ${touched} |`,
      );
    }
  }
  return out;
}

console.log([...keyTable(), '', ...partitionTable()].join('\n'));
