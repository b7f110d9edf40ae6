/**
 * Narrowing helpers for data that arrived from the network (JSON.parse output). Nothing here
 * trusts a type annotation: every check looks at the runtime value.
 */

export type Fields = Record<string, unknown>;

/** A plain JSON object (not null, not an array). */
export function isRecord(x: unknown): x is Fields {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A log index, term or counter: a safe integer >= 0 (rejects NaN, Infinity, 1.5, -1). */
export function isNat(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** A safe integer >= min (for fields that use -1 as "none"). */
export function isIntAtLeast(x: unknown, min: number): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= min;
}

/** Node and group ids: non-empty strings. */
export function isId(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0;
}

export function isIdArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every(isId);
}
