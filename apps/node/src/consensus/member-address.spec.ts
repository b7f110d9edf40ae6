import { MemberAddress } from '@app/core';
import { chooseAddress } from './member-address';

const at = (host: string, httpPort: number, peerPort: number, role: MemberAddress['role'] = 'voter'): MemberAddress => ({ id: 'node2', host, httpPort, peerPort, role });

describe('chooseAddress', () => {
  it('takes the configured address of a member never moved at runtime (the cluster restarted on other ports)', () => {
    const chosen = chooseAddress(at('127.0.0.1', 18805, 19805), at('127.0.0.1', 18865, 19865), at('127.0.0.1', 18865, 19865));
    expect(chosen).toEqual(at('127.0.0.1', 18805, 19805));
  });

  it('keeps the replicated role while taking the configured endpoint', () => {
    const chosen = chooseAddress(at('127.0.0.1', 1, 2, 'voter'), at('127.0.0.1', 3, 4, 'learner'), at('127.0.0.1', 3, 4, 'voter'));
    expect(chosen).toEqual(at('127.0.0.1', 1, 2, 'learner'));
  });

  it('keeps the replicated address of a member moved at runtime, whatever a stale configuration says', () => {
    const chosen = chooseAddress(at('10.0.0.2', 8001, 9001), at('10.0.0.9', 8001, 9001), at('10.0.0.2', 8001, 9001));
    expect(chosen).toEqual(at('10.0.0.9', 8001, 9001));
  });

  it('uses the replicated address of a member added at runtime (not in the bootstrap list)', () => {
    expect(chooseAddress(at('h', 1, 1), at('n', 2, 2), undefined)).toEqual(at('n', 2, 2));
    expect(chooseAddress(undefined, at('n', 2, 2), undefined)).toEqual(at('n', 2, 2));
  });

  it('falls back to the configured address when the list does not name the member', () => {
    expect(chooseAddress(at('h', 1, 1), undefined, undefined)).toEqual(at('h', 1, 1));
    expect(chooseAddress(undefined, undefined, undefined)).toBeUndefined();
  });
});
