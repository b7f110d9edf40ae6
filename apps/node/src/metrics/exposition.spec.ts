import { formatExposition } from './exposition';

describe('formatExposition', () => {
  it('renders HELP, TYPE and samples with labels, one family after another', () => {
    const text = formatExposition([
      { name: 'dsync_raft_term', help: 'Current term', type: 'gauge', samples: [{ labels: { group: 'control' }, value: 3 }, { labels: { group: 'q/0' }, value: 1 }] },
      { name: 'dsync_driver_rounds_total', help: 'Ready rounds', type: 'counter', samples: [{ value: 42 }] },
    ]);
    expect(text).toBe(
      [
        '# HELP dsync_raft_term Current term',
        '# TYPE dsync_raft_term gauge',
        'dsync_raft_term{group="control"} 3',
        'dsync_raft_term{group="q/0"} 1',
        '# HELP dsync_driver_rounds_total Ready rounds',
        '# TYPE dsync_driver_rounds_total counter',
        'dsync_driver_rounds_total 42',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and help text', () => {
    const text = formatExposition([{ name: 'm', help: 'a \\ b\nc', type: 'counter', samples: [{ labels: { route: 'say "hi"\\\n' }, value: 1 }] }]);
    expect(text).toBe('# HELP m a \\\\ b\\nc\n# TYPE m counter\nm{route="say \\"hi\\"\\\\\\n"} 1\n');
  });

  it('writes special float values the Prometheus way', () => {
    const text = formatExposition([{ name: 'g', help: 'h', type: 'gauge', samples: [{ value: NaN }, { value: Infinity }, { value: -Infinity }, { value: 0.25 }] }]);
    expect(text.split('\n').slice(2, 6)).toEqual(['g NaN', 'g +Inf', 'g -Inf', 'g 0.25']);
  });

  it('keeps a family without samples (its name stays visible) and renders nothing for no families', () => {
    expect(formatExposition([{ name: 'dropped_total', help: 'h', type: 'counter', samples: [] }])).toBe('# HELP dropped_total h\n# TYPE dropped_total counter\n');
    expect(formatExposition([])).toBe('');
  });

  it.each([
    [{ name: '1bad', help: '', type: 'gauge' as const, samples: [] }, 'invalid metric name'],
    [{ name: 'ok', help: '', type: 'gauge' as const, samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] }, 'invalid label name'],
    [{ name: 'ok', help: '', type: 'gauge' as const, samples: [{ labels: { __reserved: 'x' }, value: 1 }] }, 'invalid label name'],
  ])('refuses malformed names (%#)', (family, message) => {
    expect(() => formatExposition([family])).toThrow(message);
  });

  it('refuses a family given twice', () => {
    const f = { name: 'x', help: '', type: 'gauge' as const, samples: [] };
    expect(() => formatExposition([f, f])).toThrow('given twice');
  });
});
