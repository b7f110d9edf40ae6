/**
 * Runs async tasks one at a time in call order. Raft issues write() batches that must reach the
 * disk in the order it produced them, even when the caller does not await each one.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // A failed task fails its own caller only; later tasks still run.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
