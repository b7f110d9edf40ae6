import { LogEntry } from '@app/core';
import { CommandRouter, encodeCommand } from './command-router';
import { DIAG_KIND, DiagnosticRegister } from './diagnostic-register';

const at = (index: number, data: string): LogEntry => ({ index, term: 1, kind: 'normal', data });

describe('CommandRouter + DiagnosticRegister', () => {
  it('routes commands by kind and returns the handler result', () => {
    const diag = new DiagnosticRegister();
    const router = new CommandRouter().register(DIAG_KIND, diag);
    expect(router.apply(at(1, encodeCommand(DIAG_KIND, { a: 1 })))).toEqual({ index: 1, term: 1, data: { a: 1 } });
    expect(diag.page(1, 10)).toEqual([{ index: 1, term: 1, data: { a: 1 } }]);
  });

  it('answers malformed and unknown commands deterministically instead of throwing', () => {
    const router = new CommandRouter().register(DIAG_KIND, new DiagnosticRegister());
    expect(router.apply(at(1, 'not json'))).toEqual({ error: 'malformed-command' });
    expect(router.apply(at(2, encodeCommand('lock', {})))).toEqual({ error: 'unknown-kind', kind: 'lock' });
  });

  it('refuses two handlers for one kind', () => {
    const router = new CommandRouter().register(DIAG_KIND, new DiagnosticRegister());
    expect(() => router.register(DIAG_KIND, new DiagnosticRegister())).toThrow(/already registered/);
  });

  it('snapshot and restore reproduce the state of every handler', () => {
    const a = new DiagnosticRegister();
    const ra = new CommandRouter().register(DIAG_KIND, a);
    for (let i = 1; i <= 5; i++) ra.apply(at(i, encodeCommand(DIAG_KIND, i)));
    const b = new DiagnosticRegister();
    const rb = new CommandRouter().register(DIAG_KIND, b);
    rb.restore(ra.snapshot());
    expect(b.total).toBe(5);
    expect(b.page(3, 2)).toEqual([
      { index: 3, term: 1, data: 3 },
      { index: 4, term: 1, data: 4 },
    ]);
  });

  it('keeps a bounded window of records but counts them all', () => {
    const d = new DiagnosticRegister(4);
    for (let i = 1; i <= 20; i++) d.apply(i, { index: i, term: 1 });
    expect(d.total).toBe(20);
    expect(d.page(1, 100).length).toBeLessThanOrEqual(5);
    expect(d.page(1, 100).at(-1)).toEqual({ index: 20, term: 1, data: 20 });
  });
});
