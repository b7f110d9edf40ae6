import { Grant } from '@app/locks';
import { LockWaits } from './lock-waits';

const grant = (owner: string, lock = 'L'): Grant => ({ lock, owner, mode: 'exclusive', fencingToken: 9, leaseExpiresAt: 100 });

describe('LockWaits', () => {
  it('settles with an event applied in the same batch, before the queued index was known', async () => {
    const waits = new LockWaits();
    const h = waits.open('L', 'b');
    waits.onEvents([{ type: 'granted', grant: grant('b') }], 11);
    await expect(h.settled(10)).resolves.toMatchObject({ type: 'granted', index: 11 });
  });

  it('ignores events at or before the queued index, and events of other owners or locks', async () => {
    const waits = new LockWaits();
    const h = waits.open('L', 'b');
    waits.onEvents([{ type: 'granted', grant: grant('b') }], 5);
    const p = h.settled(10);
    waits.onEvents([{ type: 'granted', grant: grant('c') }, { type: 'granted', grant: grant('b', 'M') }, { type: 'leaseExpired', lock: 'L', owner: 'b', mode: 'exclusive', fencingToken: 1 }], 12);
    waits.onEvents([{ type: 'waitEnded', lock: 'L', owner: 'b', reason: 'cancelled' }], 13);
    await expect(p).resolves.toEqual({ type: 'waitEnded', reason: 'cancelled', index: 13 });
  });

  it('failAll rejects held waits and waits whose outcome is not known yet', async () => {
    const waits = new LockWaits();
    const held = waits.open('L', 'a');
    const p = held.settled(3);
    const early = waits.open('L', 'b');
    waits.failAll(new Error('leadership lost'));
    await expect(p).rejects.toThrow('leadership lost');
    await expect(early.settled(4)).rejects.toThrow('leadership lost');
    expect(waits.size).toBe(0);
  });
});
