/**
 * Bounds shared by the HTTP validation helpers and by apply(), which re-checks every command
 * so that a malformed log entry is refused identically on every node instead of corrupting state.
 */
export const LOCK_NAME_MAX_LENGTH = 256;
export const OWNER_MAX_LENGTH = 128;
export const REQUEST_ID_MAX_LENGTH = 128;

/** The owner used when a request carries no X-Client-Id / client_id (keeps the seed's curl commands working). */
export const ANONYMOUS_OWNER = 'anonymous';

export const DEFAULT_TTL_MS = 30_000;
/** Shorter leases would expire before a round trip through the Raft log completes. */
export const MIN_TTL_MS = 100;
/** Leases are meant to be renewed; an hour bounds how long a dead client can block a lock. */
export const MAX_TTL_MS = 3_600_000;

/** 0 = try-lock (answer 423 at once when busy). */
export const DEFAULT_WAIT_MS = 0;
/** Bounded so that a waiting HTTP request and its queue slot cannot outlive any sane client timeout. */
export const MAX_WAIT_MS = 300_000;
