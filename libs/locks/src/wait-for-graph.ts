/**
 * Cycle search in a wait-for graph (owner -> owners it waits for). Pure and generic: the lock
 * table supplies the successor function, derived from its queues, so the graph can never drift
 * from the state it describes.
 */

export interface WaitEdge {
  from: string;
  to: string;
  /** The lock on which `from` waits for `to`. */
  lock: string;
}

/**
 * The shortest cycle through `start`, as [start, n1, ..., nk] where start waits for n1, ...,
 * nk waits for start; null when start is on no cycle. Breadth-first, so the reported cycle is
 * minimal, and deterministic when `successors` returns a stable order.
 */
export function findCycleThrough(start: string, successors: (node: string) => readonly string[]): string[] | null {
  const parent = new Map<string, string>();
  const queue: string[] = [start];
  const seen = new Set<string>([start]);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const next of successors(node)) {
      if (next === start) return pathTo(node, start, parent);
      if (seen.has(next)) continue;
      seen.add(next);
      parent.set(next, node);
      queue.push(next);
    }
  }
  return null;
}

function pathTo(last: string, start: string, parent: Map<string, string>): string[] {
  const path: string[] = [];
  for (let n: string | undefined = last; n !== undefined && n !== start; n = parent.get(n)) path.push(n);
  path.push(start);
  return path.reverse();
}

/** Any cycle in the whole graph (for status checks and tests), or null when it is acyclic. */
export function findAnyCycle(nodes: readonly string[], successors: (node: string) => readonly string[]): string[] | null {
  // Every cycle passes through some node, so trying each node as the start finds it (quadratic; fine for status and tests).
  for (const n of nodes) {
    const cycle = findCycleThrough(n, successors);
    if (cycle) return cycle;
  }
  return null;
}

/** Groups edges into a successor function (sorted, de-duplicated targets). */
export function successorsFromEdges(edges: readonly WaitEdge[]): (node: string) => readonly string[] {
  const map = new Map<string, Set<string>>();
  for (const e of edges) {
    let set = map.get(e.from);
    if (!set) map.set(e.from, (set = new Set()));
    set.add(e.to);
  }
  return (node) => [...(map.get(node) ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
