import { LogEntry } from '@app/core';
import { ApplyOutcome, encodeLockCommand, LockCommand } from '@app/locks';
import { CommandRouter, encodeCommand } from '../consensus/command-router';
import { DIAG_KIND, DiagnosticRegister } from '../consensus/diagnostic-register';
import { LOCK_KIND, LockCommandHandler } from './lock-command-handler';

function router(): { router: CommandRouter; locks: LockCommandHandler; diag: DiagnosticRegister } {
  const locks = new LockCommandHandler();
  const diag = new DiagnosticRegister();
  return { router: new CommandRouter().register(DIAG_KIND, diag).register(LOCK_KIND, locks), locks, diag };
}

const entry = (index: number, data: string): LogEntry => ({ index, term: 1, kind: 'normal', data }) as LogEntry;
const lockEntry = (index: number, cmd: LockCommand): LogEntry => entry(index, encodeCommand(LOCK_KIND, encodeLockCommand(cmd)));
const acquire = (owner: string, waitMs = 0): LockCommand => ({ type: 'acquire', lock: 'L', owner, mode: 'exclusive', ttlMs: 10_000, waitMs, now: 1000 });

describe('LockCommandHandler in the control group router', () => {
  it('applies lock commands next to diagnostic ones and tells listeners', () => {
    const { router: r, locks, diag } = router();
    const heard: number[] = [];
    locks.onApplied((_o, index) => heard.push(index));
    r.apply(entry(1, encodeCommand(DIAG_KIND, { x: 1 })));
    const out = r.apply(lockEntry(2, acquire('a'))) as ApplyOutcome;
    expect(out.result).toMatchObject({ type: 'granted', owner: 'a', fencingToken: 2 });
    expect(diag.total).toBe(1);
    expect(heard).toEqual([2]);
  });

  it('answers a body that is not an encoded lock command as invalid, on every replica alike', () => {
    const { router: r } = router();
    expect((r.apply(entry(1, encodeCommand(LOCK_KIND, { type: 'acquire' }))) as ApplyOutcome).result.type).toBe('invalid');
    expect((r.apply(entry(2, encodeCommand(LOCK_KIND, '{"type":"nope"}'))) as ApplyOutcome).result.type).toBe('invalid');
  });

  it('snapshots both parts and restores holders, waiters and the token counter', () => {
    const a = router();
    a.router.apply(entry(1, encodeCommand(DIAG_KIND, 'd')));
    a.router.apply(lockEntry(2, acquire('a')));
    a.router.apply(lockEntry(3, acquire('b', 5000)));
    const b = router();
    b.router.restore(a.router.snapshot());
    expect(b.diag.total).toBe(1);
    expect(b.locks.table.view()).toEqual(a.locks.table.view());
    const next = b.router.apply(lockEntry(4, { type: 'release', lock: 'L', owner: 'a', now: 1001 })) as ApplyOutcome;
    expect(next.events).toEqual([{ type: 'granted', grant: expect.objectContaining({ owner: 'b', fencingToken: 4 }) }]);
  });

  it('restoring a snapshot without a lock part empties the table', () => {
    const { router: r, locks } = router();
    r.apply(lockEntry(1, acquire('a')));
    r.restore(JSON.stringify({ [DIAG_KIND]: { total: 0, records: [] } }));
    expect(locks.table.view().locks).toEqual([]);
  });
});
