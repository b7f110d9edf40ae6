import { resolveOwner, validateLockName, validateOwner, validateRequestId } from './lock-name';

describe('lock name and owner validation', () => {
  it.each(['mylock', 'a', 'billing:invoice.42', 'x-y_z', 'A'.repeat(256), '...'])('accepts %s', (name) => {
    expect(validateLockName(name)).toEqual({ ok: true, value: name });
  });

  it.each(['', 'A'.repeat(257), 'a/b', 'sp ace', 'é', '.', '..', 'a%2Fb', 'tab\t'])('rejects %j', (name) => {
    expect(validateLockName(name).ok).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(validateLockName(42).ok).toBe(false);
    expect(validateOwner(undefined).ok).toBe(false);
  });

  it('takes the owner from the header, then the query, else anonymous', () => {
    expect(resolveOwner('alice', 'bob')).toEqual({ ok: true, value: 'alice' });
    expect(resolveOwner(undefined, 'bob')).toEqual({ ok: true, value: 'bob' });
    expect(resolveOwner('', '')).toEqual({ ok: true, value: 'anonymous' });
    expect(resolveOwner('svc@example.com', undefined)).toEqual({ ok: true, value: 'svc@example.com' });
    expect(resolveOwner('bad owner', undefined).ok).toBe(false);
    expect(validateOwner('o'.repeat(129)).ok).toBe(false);
  });

  it('checks request ids: printable, no spaces, bounded', () => {
    expect(validateRequestId('3f2a-11:x').ok).toBe(true);
    expect(validateRequestId('with space').ok).toBe(false);
    expect(validateRequestId('').ok).toBe(false);
    expect(validateRequestId('r'.repeat(129)).ok).toBe(false);
  });
});
