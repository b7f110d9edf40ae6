import { decodeLockCommand, encodeLockCommand } from './lock-command-codec';
import { LockCommand } from './lock-command';

describe('lock command codec', () => {
  const commands: LockCommand[] = [
    { type: 'acquire', lock: 'L', owner: 'A', mode: 'shared', ttlMs: 1000, waitMs: 0, now: 5 },
    { type: 'acquire', lock: 'L', owner: 'A', mode: 'exclusive', ttlMs: 1000, waitMs: 200, requestId: 'r', now: 5 },
    { type: 'release', lock: 'L', owner: 'A', requestId: 'r2', now: 6 },
    { type: 'renew', lock: 'L', owner: 'A', ttlMs: 2000, now: 7 },
    { type: 'cancelWait', lock: 'L', owner: 'A', now: 8 },
    { type: 'expire', now: 9 },
  ];

  it.each(commands)('round-trips %j', (cmd) => {
    expect(decodeLockCommand(encodeLockCommand(cmd))).toEqual({ ok: true, value: cmd });
  });

  it('drops unknown fields', () => {
    expect(decodeLockCommand('{"type":"expire","now":1,"extra":true}')).toEqual({ ok: true, value: { type: 'expire', now: 1 } });
  });

  it.each([
    'not json',
    '[]',
    'null',
    '{"type":"nope","now":1}',
    '{"type":"expire"}',
    '{"type":"release","lock":"L","now":1}',
    '{"type":"acquire","lock":"L","owner":"A","mode":"shared","ttlMs":"1000","waitMs":0,"now":1}',
    '{"type":"acquire","lock":"a/b","owner":"A","mode":"shared","ttlMs":1000,"waitMs":0,"now":1}',
    '{"type":"release","lock":"L","owner":"A","requestId":"","now":1}',
  ])('refuses %s', (data) => {
    expect(decodeLockCommand(data).ok).toBe(false);
  });
});
