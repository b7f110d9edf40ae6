import { LogEntry } from '@app/core';

/**
 * What one entry costs on the wire besides its data: index, term, kind and JSON punctuation.
 * Sizes are counted in UTF-16 code units of the data (string length), a cheap stand-in for
 * bytes: JSON escaping and multi-byte UTF-8 can make the frame bigger, which is why the
 * transport's frame limit must sit well above maxBytesPerAppend (see README, "Message sizes").
 */
export const ENTRY_OVERHEAD_BYTES = 64;

export const DEFAULT_MAX_BYTES_PER_APPEND = 1024 * 1024;
export const DEFAULT_MAX_COMMITTED_BYTES_PER_READY = 8 * 1024 * 1024;

export function entrySize(e: LogEntry): number {
  return e.data.length + ENTRY_OVERHEAD_BYTES;
}

/**
 * How many of `entries` (from the first) fit in maxBytes: at least one when there is any, so
 * an entry larger than the bound still moves (alone).
 */
export function countWithinBytes(entries: readonly LogEntry[], maxBytes: number): number {
  let bytes = 0;
  for (let i = 0; i < entries.length; i++) {
    bytes += entrySize(entries[i]);
    if (bytes > maxBytes) return Math.max(1, i);
  }
  return entries.length;
}
