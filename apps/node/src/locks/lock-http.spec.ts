import { GrantEndedResult, GrantedResult } from '@app/locks';
import { resultAnswer } from './lock-http';

const ctx = { node: 'node2', leader: 'node1', term: 4 };
const holderB = { owner: 'B', mode: 'exclusive' as const, fencingToken: 9, leaseExpiresAt: 5_000, grantedAt: 2_000 };

describe('lock HTTP answers', () => {
  it('a grant says whether it is a replay, and that it is held', () => {
    const g: GrantedResult = { type: 'granted', lock: 'r', owner: 'A', mode: 'exclusive', fencingToken: 2, leaseExpiresAt: 1_300, holders: [], reentrant: false, upgraded: false };
    expect(resultAnswer(g, ctx).body).toMatchObject({ status: 'granted', replayed: false, held: true });
    expect(resultAnswer(g, ctx, true)).toMatchObject({ status: 200, body: { status: 'granted', replayed: true, held: true } });
  });

  it('a replayed grant that has ended is a 410 with how it ended and the current holders, never status granted', () => {
    const r: GrantEndedResult = { type: 'grantEnded', lock: 'r', owner: 'A', mode: 'exclusive', fencingToken: 2, reason: 'expired', endedAt: 1_300, holders: [holderB] };
    const a = resultAnswer(r, ctx, true);
    expect(a.status).toBe(410);
    expect(a.body).toMatchObject({ error: 'grant_ended', status: 'expired', replayed: true, held: false, fencing_token: 2, ended_at_ms: 1_300, ended_at: new Date(1_300).toISOString(), leader: 'node1', term: 4 });
    expect(a.body.holders).toEqual([expect.objectContaining({ owner: 'B', fencing_token: 9 })]);
    expect(a.body).not.toHaveProperty('lease_expires_at');
    const unknown = resultAnswer({ ...r, reason: 'unknown', endedAt: null }, ctx, true);
    expect(unknown.body).toMatchObject({ status: 'ended', ended_at: null, ended_at_ms: null });
  });
});
