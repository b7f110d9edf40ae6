import { NodeId } from '@app/core';
import { HashFn } from './hash-fn';
import { murmur3Hash } from './murmur3';

export const DEFAULT_VNODES = 128;

export interface RingOptions {
  /** Points per node on the ring; more points, smoother shares (std dev ~ 1/sqrt(vnodes)). */
  vnodes?: number;
  /** Defaults to MurmurHash3 x86_32. Every node must use the same function. */
  hash?: HashFn;
}

/**
 * A consistent-hash ring with virtual nodes. Immutable: membership changes return a new ring,
 * so a placement computed from one ring never changes under a caller's feet.
 *
 * The ring depends only on the SET of nodes (not the order they were given in): points are
 * sorted by position, and equal positions by node id, so every process builds the same ring.
 */
export class HashRing {
  readonly nodes: readonly NodeId[];
  readonly vnodes: number;
  readonly hash: HashFn;
  /** Point positions, ascending. */
  private readonly positions: Uint32Array;
  /** owners[i] indexes `nodes` for the point at positions[i]. */
  private readonly owners: Uint32Array;

  private constructor(nodes: readonly NodeId[], vnodes: number, hash: HashFn) {
    this.nodes = nodes;
    this.vnodes = vnodes;
    this.hash = hash;
    const points: { pos: number; owner: number; v: number }[] = [];
    nodes.forEach((node, owner) => {
      for (let v = 0; v < vnodes; v++) points.push({ pos: hash(vnodeLabel(node, v)) >>> 0, owner, v });
    });
    // nodes are sorted, so comparing owner indexes compares node ids.
    points.sort((a, b) => a.pos - b.pos || a.owner - b.owner || a.v - b.v);
    this.positions = Uint32Array.from(points, (p) => p.pos);
    this.owners = Uint32Array.from(points, (p) => p.owner);
  }

  static of(nodes: readonly NodeId[], options: RingOptions = {}): HashRing {
    const vnodes = options.vnodes ?? DEFAULT_VNODES;
    if (!Number.isInteger(vnodes) || vnodes <= 0) throw new RangeError(`vnodes must be a positive integer, got ${vnodes}`);
    const sorted = [...nodes].sort(compareIds);
    for (let i = 0; i < sorted.length; i++) {
      if (sorted[i] === '') throw new RangeError('node id must not be empty');
      if (i > 0 && sorted[i] === sorted[i - 1]) throw new RangeError(`duplicate node id ${sorted[i]}`);
    }
    return new HashRing(sorted, vnodes, options.hash ?? murmur3Hash);
  }

  get size(): number {
    return this.nodes.length;
  }

  has(node: NodeId): boolean {
    return this.nodes.includes(node);
  }

  withNode(node: NodeId): HashRing {
    if (this.has(node)) throw new RangeError(`node ${node} is already on the ring`);
    return HashRing.of([...this.nodes, node], { vnodes: this.vnodes, hash: this.hash });
  }

  withoutNode(node: NodeId): HashRing {
    if (!this.has(node)) throw new RangeError(`node ${node} is not on the ring`);
    return HashRing.of(
      this.nodes.filter((n) => n !== node),
      { vnodes: this.vnodes, hash: this.hash },
    );
  }

  /** The node that owns a key: the owner of the first point at or after the key's hash. */
  ownerOf(key: string): NodeId {
    this.assertNotEmpty();
    return this.nodes[this.owners[this.firstPointAtOrAfter(this.hash(key) >>> 0)]];
  }

  /**
   * The first `rf` distinct nodes met walking clockwise from the key: the key's replica set,
   * owner first. Fewer than `rf` only when the ring has fewer nodes.
   */
  preferenceList(key: string, rf: number): NodeId[] {
    if (!Number.isInteger(rf) || rf <= 0) throw new RangeError(`rf must be a positive integer, got ${rf}`);
    const out: NodeId[] = [];
    for (const node of this.clockwise(key)) {
      out.push(node);
      if (out.length === rf) break;
    }
    return out;
  }

  /** Every node once, in the order first met walking clockwise from the key's hash. */
  *clockwise(key: string): IterableIterator<NodeId> {
    this.assertNotEmpty();
    const seen = new Uint8Array(this.nodes.length);
    let remaining = this.nodes.length;
    const start = this.firstPointAtOrAfter(this.hash(key) >>> 0);
    for (let step = 0; step < this.positions.length && remaining > 0; step++) {
      const owner = this.owners[(start + step) % this.positions.length];
      if (seen[owner]) continue;
      seen[owner] = 1;
      remaining--;
      yield this.nodes[owner];
    }
  }

  /** Index of the first point with position >= pos, wrapping to 0 past the last point. */
  private firstPointAtOrAfter(pos: number): number {
    let lo = 0;
    let hi = this.positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.positions[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo === this.positions.length ? 0 : lo;
  }

  private assertNotEmpty(): void {
    if (this.nodes.length === 0) throw new RangeError('the ring has no nodes');
  }
}

/** A node's v-th point. The last '#' separates node and index, so labels of distinct nodes never collide. */
function vnodeLabel(node: NodeId, v: number): string {
  return `${node}#${v}`;
}

/** Code-unit order: locale-independent, so every process sorts the same way. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
