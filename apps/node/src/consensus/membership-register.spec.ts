import { MemberAddress } from '@app/core';
import { MembershipRegister } from './membership-register';

const m = (id: string, role: 'voter' | 'learner' = 'voter'): MemberAddress => ({ id, host: '127.0.0.1', httpPort: 8000 + Number(id.slice(4)), peerPort: 9000 + Number(id.slice(4)), role });
const at = (index: number) => ({ index, term: 1 });

describe('MembershipRegister (control-group member list)', () => {
  it('records the bootstrap list, then changes only from the version the proposer read', () => {
    const r = new MembershipRegister();
    expect(r.apply({ members: [m('node1'), m('node2')], expect: 0 }, at(3))).toEqual({ ok: true, version: 3 });
    expect(r.apply({ members: [m('node1')], expect: 0 }, at(4))).toEqual({ ok: false, reason: 'stale', version: 3 });
    expect(r.apply({ members: [m('node1'), m('node2'), m('node5', 'learner')], expect: 3 }, at(5))).toEqual({ ok: true, version: 5 });
    expect(r.current).toMatchObject({ version: 5, bootstrapVersion: 3, bootstrap: [m('node1'), m('node2')] });
  });

  it('answers malformed lists without changing anything (duplicate ids, no voter, bad ports)', () => {
    const r = new MembershipRegister();
    expect(r.apply({ members: [m('node1'), m('node1')], expect: 0 }, at(1))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(r.apply({ members: [m('node1', 'learner')], expect: 0 }, at(2))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(r.apply({ members: [{ ...m('node1'), httpPort: 0 }], expect: 0 }, at(3))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(r.apply('nonsense', at(4))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(r.current).toBeNull();
  });

  it('marks members that hold durable state as seen, and forgets it when they are removed', () => {
    const r = new MembershipRegister();
    r.apply({ members: [m('node1'), m('node2'), m('node3')], expect: 0 }, at(2));
    expect(r.apply({ seen: 'node3' }, at(3))).toEqual({ ok: true, version: 2 });
    expect(r.apply({ seen: 'node9' }, at(4))).toMatchObject({ ok: false });
    expect(r.current?.seen).toEqual(['node3']);
    r.apply({ members: [m('node1'), m('node2')], expect: 2 }, at(5));
    r.apply({ members: [m('node1'), m('node2'), m('node3')], expect: 5 }, at(6));
    expect(r.current?.seen).toEqual([]);
  });

  it('snapshot and restore reproduce the record and tell listeners', () => {
    const a = new MembershipRegister();
    a.apply({ members: [m('node1'), m('node2')], expect: 0 }, at(2));
    a.apply({ seen: 'node1' }, at(3));
    const b = new MembershipRegister();
    const heard: number[] = [];
    b.onChange((rec) => heard.push(rec.version));
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    expect(b.current).toEqual(a.current);
    expect(heard).toEqual([2]);
  });
});
