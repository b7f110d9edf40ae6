/**
 * A hash function for the ring: maps a string to an unsigned 32-bit integer. It must be pure
 * (same input, same output on every node and in every process), or nodes disagree on placement.
 */
export type HashFn = (key: string) => number;
