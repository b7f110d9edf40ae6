import { NodeId } from '@app/core';
import { compareIds, HashRing } from './ring';

export interface BoundedLoadOptions {
  /** Slack over a perfectly even share: no node holds more than ceil((1 + epsilon) * average). */
  epsilon: number;
  /** Distinct nodes per item (replication factor); capped at the ring size. Default 1. */
  rf?: number;
}

export interface BoundedAssignment {
  /** Item -> its nodes, preferred (leader) first. */
  readonly replicas: ReadonlyMap<string, readonly NodeId[]>;
  /** Node -> how many item replicas it holds. */
  readonly loads: ReadonlyMap<NodeId, number>;
  /** The bound every load respects: ceil((1 + epsilon) * items * rf / nodes). */
  readonly capacity: number;
}

/** ceil((1 + epsilon) * total / nodes), immune to float noise like 1.25 * 8 / 2 = 5.000000001. */
export function boundedCapacity(total: number, nodes: number, epsilon: number): number {
  if (nodes <= 0) throw new RangeError('need at least one node');
  if (!(epsilon >= 0) || !Number.isFinite(epsilon)) throw new RangeError(`epsilon must be a finite number >= 0, got ${epsilon}`);
  const exact = ((1 + epsilon) * total) / nodes;
  return Math.max(Math.ceil(total / nodes), Math.ceil(exact - 1e-9));
}

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam, 2018): each item walks
 * clockwise from its hash and takes the first nodes that are below capacity. With epsilon > 0 most
 * items land where the plain ring puts them, so membership changes still move few of them, while
 * no node ever exceeds the bound.
 *
 * Items are placed in code-unit order of their names, so the result depends only on the set of
 * items and the ring, never on the order the caller lists them in. With rf > 1 the greedy walk can
 * paint itself into a corner (the only nodes with room already hold this item); `makeRoom` then
 * swaps one earlier replica, which keeps every load within capacity (see its comment).
 */
export function assignWithBoundedLoad(ring: HashRing, items: readonly string[], options: BoundedLoadOptions): BoundedAssignment {
  if (ring.size === 0) throw new RangeError('the ring has no nodes');
  const rfWanted = options.rf ?? 1;
  if (!Number.isInteger(rfWanted) || rfWanted <= 0) throw new RangeError(`rf must be a positive integer, got ${rfWanted}`);
  const rf = Math.min(rfWanted, ring.size);
  const order = [...items].sort(compareIds);
  for (let i = 1; i < order.length; i++) if (order[i] === order[i - 1]) throw new RangeError(`duplicate item ${order[i]}`);

  const capacity = boundedCapacity(order.length * rf, ring.size, options.epsilon);
  const loads = new Map<NodeId, number>(ring.nodes.map((n) => [n, 0]));
  const replicas = new Map<string, NodeId[]>();

  for (const item of order) {
    const chosen: NodeId[] = [];
    for (const node of ring.clockwise(item)) {
      if ((loads.get(node) ?? 0) < capacity) {
        chosen.push(node);
        loads.set(node, (loads.get(node) ?? 0) + 1);
        if (chosen.length === rf) break;
      }
    }
    while (chosen.length < rf) makeRoom(ring, item, chosen, replicas, loads, capacity);
    replicas.set(item, chosen);
  }
  return { replicas, loads, capacity };
}

/**
 * Every node outside `chosen` is full, yet capacity * nodes >= total demand, so some node Y in
 * `chosen` still has room. Take the first full node Z outside `chosen` (clockwise from the item).
 * Z holds `capacity` earlier items; at most load(Y) - 1 < capacity of those also hold Y, so some
 * earlier item q holds Z but not Y. Give q's Z slot to Y (Y stays within capacity), and Z, now
 * below capacity, joins `chosen`. Loads never exceed capacity at any point.
 */
function makeRoom(
  ring: HashRing,
  item: string,
  chosen: NodeId[],
  replicas: Map<string, NodeId[]>,
  loads: Map<NodeId, number>,
  capacity: number,
): void {
  const y = chosen.find((n) => (loads.get(n) ?? 0) < capacity);
  let z: NodeId | undefined;
  for (const node of ring.clockwise(item)) {
    if (!chosen.includes(node)) {
      z = node;
      break;
    }
  }
  if (y === undefined || z === undefined) throw new Error('bounded-load invariant broken: no room to swap');
  for (const nodes of replicas.values()) {
    const at = nodes.indexOf(z);
    if (at >= 0 && !nodes.includes(y)) {
      nodes[at] = y;
      loads.set(y, (loads.get(y) ?? 0) + 1);
      loads.set(z, (loads.get(z) ?? 0) - 1);
      break;
    }
  }
  if ((loads.get(z) ?? 0) >= capacity) throw new Error('bounded-load invariant broken: no earlier item to swap');
  chosen.push(z);
  loads.set(z, (loads.get(z) ?? 0) + 1);
}
