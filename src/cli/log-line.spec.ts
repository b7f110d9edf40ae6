import { parseLogLine, shouldEcho } from './log-line';

describe('parseLogLine', () => {
  it('condenses a node JSON line to [context] msg and extra fields, hiding ts/level/node', () => {
    const line = JSON.stringify({ ts: '2026-01-01T00:00:00Z', level: 'info', node: 'node1', context: 'Raft', msg: 'became leader', term: 3 });
    expect(parseLogLine(line, false)).toEqual({ severity: 'info', text: '[Raft] became leader term=3' });
  });

  it('maps string and pino numeric levels', () => {
    expect(parseLogLine('{"level":"warn","msg":"x"}', false).severity).toBe('warn');
    expect(parseLogLine('{"level":"fatal","msg":"x"}', false).severity).toBe('error');
    expect(parseLogLine('{"level":"verbose","msg":"x"}', false).severity).toBe('debug');
    expect(parseLogLine('{"level":50,"msg":"x"}', false).severity).toBe('error');
    expect(parseLogLine('{"level":20,"msg":"x"}', false).severity).toBe('debug');
  });

  it('accepts "message" as well as "msg" and quotes values with spaces', () => {
    expect(parseLogLine('{"level":"log","message":"hi","peer":"node 2"}', false).text).toBe('hi peer="node 2"');
  });

  it('truncates long extra fields', () => {
    const text = parseLogLine(JSON.stringify({ level: 'info', msg: 'm', blob: 'x'.repeat(500) }), false).text;
    expect(text.length).toBeLessThan(200);
    expect(text.endsWith('…')).toBe(true);
  });

  it('demotes Nest start-up chatter to debug so only --verbose shows it', () => {
    expect(parseLogLine('{"level":"info","context":"RouterExplorer","msg":"Mapped {/, GET} route"}', false).severity).toBe('debug');
    expect(parseLogLine('{"level":"warn","context":"RouterExplorer","msg":"odd"}', false).severity).toBe('warn');
  });

  it('keeps plain lines; stderr plain lines count as warnings', () => {
    expect(parseLogLine('hello', false)).toEqual({ severity: 'info', text: 'hello' });
    expect(parseLogLine('    at foo (bar.js:1:1)', true)).toEqual({ severity: 'warn', text: '    at foo (bar.js:1:1)' });
    expect(parseLogLine('{not json', false)).toEqual({ severity: 'info', text: '{not json' });
  });
});

describe('shouldEcho', () => {
  it('quiet shows warnings and errors, normal adds info, verbose shows all', () => {
    expect(shouldEcho('info', 'quiet')).toBe(false);
    expect(shouldEcho('warn', 'quiet')).toBe(true);
    expect(shouldEcho('info', 'normal')).toBe(true);
    expect(shouldEcho('debug', 'normal')).toBe(false);
    expect(shouldEcho('debug', 'verbose')).toBe(true);
  });
});
