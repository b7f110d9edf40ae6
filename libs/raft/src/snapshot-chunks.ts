import { NodeId, RaftMessage, Snapshot, SnapshotChunk } from '@app/core';

type SnapshotMsg = Extract<RaftMessage, { type: 'snapshot' }>;

export interface SnapshotPiece {
  snapshot: Snapshot;
  chunk?: SnapshotChunk;
}

/**
 * The InstallSnapshot messages' bodies for `snapshot`: one whole snapshot when its data fits in
 * chunkSize (the chunk-less form every node understands), else chunks of at most chunkSize code
 * units. A cut never separates the two halves of a surrogate pair.
 */
export function splitSnapshot(snapshot: Snapshot, chunkSize: number): SnapshotPiece[] {
  const data = snapshot.data;
  const total = data.length;
  if (total <= chunkSize) return [{ snapshot }];
  const size = Math.max(2, Math.floor(chunkSize));
  const pieces: SnapshotPiece[] = [];
  for (let offset = 0; offset < total; ) {
    let end = Math.min(total, offset + size);
    if (end < total && isHighSurrogate(data.charCodeAt(end - 1))) end--;
    pieces.push({ snapshot: { meta: snapshot.meta, data: data.slice(offset, end) }, chunk: { offset, total, done: end === total } });
    offset = end;
  }
  return pieces;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * A follower's partly received chunked snapshot. Chunks are taken strictly in order: a chunk at
 * offset 0 starts (or restarts) an assembly; any other chunk must continue the current one from
 * the same leader, term and snapshot, else it is ignored. The leader resends the whole snapshot
 * when it hears nothing, so dropping a stray chunk only costs time.
 */
export class SnapshotAssembler {
  private current: { from: NodeId; term: number; index: number; snapTerm: number; total: number; parts: string[]; received: number } | null = null;

  /** Returns the whole snapshot once the last chunk is in, else null. */
  add(m: SnapshotMsg): Snapshot | null {
    const chunk = m.chunk;
    if (!chunk) return m.snapshot;
    const { meta, data } = m.snapshot;
    if (chunk.offset === 0) {
      this.current = { from: m.from, term: m.term, index: meta.index, snapTerm: meta.term, total: chunk.total, parts: [], received: 0 };
    }
    const cur = this.current;
    const continues =
      cur !== null &&
      cur.from === m.from &&
      cur.term === m.term &&
      cur.index === meta.index &&
      cur.snapTerm === meta.term &&
      cur.total === chunk.total &&
      cur.received === chunk.offset;
    if (!continues || !cur) return null;
    cur.parts.push(data);
    cur.received += data.length;
    if (!chunk.done) return null;
    this.current = null;
    // The validator guarantees done <=> offset + length === total, so the assembly is complete.
    return { meta, data: cur.parts.join('') };
  }

  /** Bytes held for an unfinished assembly (status, tests). */
  pendingBytes(): number {
    return this.current?.received ?? 0;
  }

  reset(): void {
    this.current = null;
  }
}
