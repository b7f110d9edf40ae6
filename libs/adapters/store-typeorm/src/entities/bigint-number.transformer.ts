import { ValueTransformer } from 'typeorm';

/**
 * Log indexes and terms are BIGINT columns; pg returns them as strings, better-sqlite3 as
 * numbers. Both fit a JS number far beyond any real log (2^53).
 */
export const bigintNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
