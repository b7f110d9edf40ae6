import { NodeId, parsePeerPayload, PeerPayload } from '@app/core';
import { PEER_BATCH_VERSION } from './peer-batch';
import { TransportCounters } from './transport-counters';

export interface InboundValidatorOptions {
  self: NodeId;
  /** Who may send to us (the configured members). */
  isMember: (id: NodeId) => boolean;
  maxBatchBytes: number;
}

export interface AcceptedBatch {
  from: NodeId;
  payloads: PeerPayload[];
}

/**
 * Everything a transport checks before a payload reaches the handler, in order: frame size,
 * JSON, batch shape, known sender, then each payload (shape via parsePeerPayload, sender and
 * recipient consistent with the frame). Refusals are counted by reason, never thrown.
 * Frame-level refusals count 1 per frame; payload-level refusals count 1 per payload.
 * Whether the payload's raft group exists is the receiver's dispatcher's business.
 */
export class InboundValidator {
  constructor(
    private readonly options: InboundValidatorOptions,
    private readonly counters: TransportCounters,
  ) {}

  get maxBatchBytes(): number {
    return this.options.maxBatchBytes;
  }

  acceptSize(bytes: number): boolean {
    if (bytes <= this.options.maxBatchBytes) return true;
    this.counters.reject('oversize');
    return false;
  }

  /** Size and JSON checks for transports that receive text (memory, Redis). */
  parseFrame(text: string): unknown {
    if (!this.acceptSize(Buffer.byteLength(text, 'utf8'))) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      this.counters.reject('bad-json');
      return undefined;
    }
  }

  acceptBatch(data: unknown): AcceptedBatch | null {
    if (!isObject(data) || data.v !== PEER_BATCH_VERSION || typeof data.from !== 'string' || !Array.isArray(data.payloads)) {
      this.counters.reject('bad-batch');
      return null;
    }
    const from = data.from;
    if (from === this.options.self || !this.options.isMember(from)) {
      this.counters.reject('unknown-sender');
      return null;
    }
    this.counters.framesReceived++;
    const payloads: PeerPayload[] = [];
    for (const raw of data.payloads) {
      const p = parsePeerPayload(raw);
      if (!p) this.counters.reject('malformed-payload');
      else if (p.message.from !== from) this.counters.reject('sender-mismatch');
      else if (p.message.to !== this.options.self) this.counters.reject('wrong-recipient');
      else payloads.push(p);
    }
    return { from, payloads };
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
