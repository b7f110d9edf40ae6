import { FencedWrite } from './lock-history';

/**
 * The protected resource of docs/FENCING.md: per key it keeps the highest fencing token it has
 * accepted and refuses any write with a lower one. Check and write are one synchronous step,
 * so they are atomic. Every attempt is logged, accepted or not, for the history checker.
 */
export class FencedStorage {
  private readonly highest = new Map<string, number>();
  private readonly values = new Map<string, string>();
  readonly writes: FencedWrite[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  write(key: string, owner: string, token: number, value: string): boolean {
    const accepted = token >= (this.highest.get(key) ?? 0);
    if (accepted) {
      this.highest.set(key, token);
      this.values.set(key, value);
    }
    this.writes.push({ seq: this.writes.length + 1, at: this.now(), key, owner, token, accepted });
    return accepted;
  }

  read(key: string): string | undefined {
    return this.values.get(key);
  }

  get rejected(): number {
    return this.writes.filter((w) => !w.accepted).length;
  }
}
