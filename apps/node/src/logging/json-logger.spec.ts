import { JsonLogger } from './json-logger';

describe('JsonLogger', () => {
  function capture(level: 'info' | 'debug' | 'error' = 'info'): { logger: JsonLogger; lines: Record<string, unknown>[] } {
    const lines: Record<string, unknown>[] = [];
    return { logger: new JsonLogger('node1', level, (line) => lines.push(JSON.parse(line) as Record<string, unknown>)), lines };
  }

  it('writes one JSON object per call with node, level, context and fields', () => {
    const { logger, lines } = capture();
    logger.log('became leader', { term: 3 }, 'Raft');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', node: 'node1', context: 'Raft', msg: 'became leader', term: 3 });
    expect(typeof lines[0].ts).toBe('string');
  });

  it('keeps Nest-style error calls (message, stack, context)', () => {
    const { logger, lines } = capture();
    logger.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom', context: 'ExceptionsHandler', stack: 'Error: boom\n    at x' });
  });

  it('filters below the configured level', () => {
    const { logger, lines } = capture('error');
    logger.log('quiet');
    logger.warn('quiet too');
    logger.debug('no');
    logger.error('loud');
    expect(lines.map((l) => l.msg)).toEqual(['loud']);
  });

  it('child loggers carry their context', () => {
    const { logger, lines } = capture('debug');
    logger.child('Driver').debug('tick', { n: 1 });
    expect(lines[0]).toMatchObject({ level: 'debug', context: 'Driver', msg: 'tick', n: 1 });
  });
});
