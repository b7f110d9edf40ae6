import { RaftMessage } from '@app/core';
import { summarize } from './message-summary';

/** Bound once: under jest's vm context every `Math.` lookup in a hot loop costs a global-proxy hop. */
const imul = Math.imul;

type TailItem = { now: number; line: string } | { now: number; tag: string; message: RaftMessage };

/**
 * The run's event trace: a rolling fingerprint over every event (two runs of one seed must end
 * with the same fingerprint), the last events kept for failure reports, and an optional sink
 * for --verbose. Messages are the hot path: they are folded into the fingerprint by their
 * fields and only formatted as text when someone reads the tail or a sink is attached.
 */
export class Trace {
  private h1 = 0x811c9dc5;
  private h2 = 0x5bd1e995;
  private events = 0;
  private readonly tail: TailItem[] = [];
  private tailPos = 0;

  constructor(
    private readonly tailSize = 60,
    private readonly sink?: (line: string) => void,
  ) {}

  record(now: number, line: string): void {
    this.foldNumber(now);
    this.foldText(line);
    this.events++;
    this.keep({ now, line });
    this.sink?.(`${now} ${line}`);
  }

  /** A message event (sent, received, dropped...): fingerprinted by its header fields. */
  message(now: number, tag: string, m: RaftMessage): void {
    this.foldNumber(now);
    this.foldText(tag);
    this.foldText(m.type);
    this.foldText(m.from);
    this.foldText(m.to);
    this.foldNumber(m.term);
    if (m.type === 'append') {
      this.foldNumber(m.prevIndex);
      this.foldNumber(m.entries.length);
      this.foldNumber(m.commit);
    }
    this.events++;
    this.keep({ now, tag, message: m });
    this.sink?.(`${now} ${tag} ${summarize(m)}`);
  }

  /** Kept in the tail and the sink but outside the fingerprint (e.g. Raft's own log lines). */
  note(now: number, line: string): void {
    this.keep({ now, line });
    this.sink?.(`${now} ${line}`);
  }

  fingerprint(): string {
    return `${hex8(this.h1)}${hex8(this.h2)}:${this.events}`;
  }

  lastLines(): string[] {
    const n = this.tail.length;
    const ordered = n < this.tailSize ? this.tail : [...this.tail.slice(this.tailPos), ...this.tail.slice(0, this.tailPos)];
    return ordered.map((t) => ('line' in t ? `${t.now} ${t.line}` : `${t.now} ${t.tag} ${summarize(t.message)}`));
  }

  private keep(item: TailItem): void {
    if (this.tailSize <= 0) return;
    if (this.tail.length < this.tailSize) this.tail.push(item);
    else this.tail[this.tailPos] = item;
    this.tailPos = (this.tailPos + 1) % this.tailSize;
  }

  private foldText(text: string): void {
    for (let i = 0; i < text.length; i++) this.foldCode(text.charCodeAt(i));
    this.foldCode(0x1f);
  }

  private foldNumber(n: number): void {
    this.foldCode(n & 0xffff);
    this.foldCode((n >>> 16) & 0xffff);
  }

  private foldCode(c: number): void {
    this.h1 = imul(this.h1 ^ c, 0x01000193) >>> 0;
    this.h2 = imul(this.h2 ^ c, 0x5bd1e995) >>> 0;
    this.h2 = (this.h2 ^ (this.h2 >>> 15)) >>> 0;
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
