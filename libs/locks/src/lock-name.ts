import { ANONYMOUS_OWNER, LOCK_NAME_MAX_LENGTH, OWNER_MAX_LENGTH, REQUEST_ID_MAX_LENGTH } from './lock-limits';
import { fail, ok, ParseResult } from './parse-result';

/**
 * Lock names: 1..256 characters from [A-Za-z0-9._:-], and not "." or "..".
 * No "/" because a name is one path segment of /lock/:name (encoded slashes are rejected or
 * rewritten by many proxies); "." and ".." alone are path-normalised away by clients.
 * ":" and "." give room for namespacing such as "billing:invoice.42".
 */
const LOCK_NAME = /^[A-Za-z0-9._:-]+$/;

export function validateLockName(name: unknown): ParseResult<string> {
  if (typeof name !== 'string' || name.length === 0) return fail('lock name must be a non-empty string');
  if (name.length > LOCK_NAME_MAX_LENGTH) return fail(`lock name is longer than ${LOCK_NAME_MAX_LENGTH} characters`);
  if (!LOCK_NAME.test(name)) return fail('lock name may contain only letters, digits and . _ : -');
  if (name === '.' || name === '..') return fail('lock name may not be "." or ".."');
  return ok(name);
}

/** Owners (client ids, or principals with auth): 1..128 printable characters from [A-Za-z0-9._:@/+=-]. */
const OWNER = /^[A-Za-z0-9._:@/+=-]+$/;

export function validateOwner(owner: unknown): ParseResult<string> {
  if (typeof owner !== 'string' || owner.length === 0) return fail('client id must be a non-empty string');
  if (owner.length > OWNER_MAX_LENGTH) return fail(`client id is longer than ${OWNER_MAX_LENGTH} characters`);
  if (!OWNER.test(owner)) return fail('client id may contain only letters, digits and . _ : @ / + = -');
  return ok(owner);
}

/**
 * The owner of a request: the X-Client-Id header, else the client_id query parameter, else
 * "anonymous". An empty header or parameter counts as absent.
 */
export function resolveOwner(header: string | undefined, query: string | undefined): ParseResult<string> {
  const raw = header !== undefined && header !== '' ? header : query !== undefined && query !== '' ? query : ANONYMOUS_OWNER;
  return validateOwner(raw);
}

/** Request ids (X-Request-Id): 1..128 printable ASCII characters without spaces. */
const REQUEST_ID = /^[\x21-\x7e]+$/;

export function validateRequestId(id: unknown): ParseResult<string> {
  if (typeof id !== 'string' || id.length === 0) return fail('request id must be a non-empty string');
  if (id.length > REQUEST_ID_MAX_LENGTH) return fail(`request id is longer than ${REQUEST_ID_MAX_LENGTH} characters`);
  if (!REQUEST_ID.test(id)) return fail('request id must be printable ASCII without spaces');
  return ok(id);
}
