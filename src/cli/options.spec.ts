import { defaultVoters, OptionsError, parseOptions, LaunchOptions } from './options';

function launch(argv: string[]): LaunchOptions {
  const cmd = parseOptions(argv);
  if (cmd.kind !== 'launch') throw new Error('expected launch');
  return cmd.options;
}

describe('parseOptions', () => {
  it('defaults to the architecture cluster: 4 nodes, 3 voters, ports 8001/9001, gateway 8000, ./data, sqlite over tcp', () => {
    expect(launch([])).toMatchObject({
      nodes: 4,
      voters: 3,
      host: '127.0.0.1',
      basePort: 8001,
      peerBasePort: 9001,
      gatewayPort: 8000,
      gateway: true,
      dataDir: './data',
      store: 'sqlite',
      transport: 'tcp',
      fresh: false,
      restart: true,
      console: 'normal',
      tickMs: undefined,
    });
  });

  it('recognises --help and -h', () => {
    expect(parseOptions(['--help']).kind).toBe('help');
    expect(parseOptions(['--nodes', '3', '-h']).kind).toBe('help');
  });

  it('accepts both --flag value and --flag=value', () => {
    const o = launch(['--nodes=5', '--base-port', '18001', '--peer-base-port=19001', '--gateway-port', '18000', '--data', '/tmp/x']);
    expect(o).toMatchObject({ nodes: 5, basePort: 18001, peerBasePort: 19001, gatewayPort: 18000, dataDir: '/tmp/x' });
  });

  it.each([
    [1, 1],
    [2, 1],
    [3, 3],
    [4, 3],
    [5, 5],
    [6, 5],
    [7, 7],
  ])('--nodes %i gives %i voters by default (largest odd number)', (nodes, voters) => {
    expect(launch(['--nodes', String(nodes)]).voters).toBe(voters);
    expect(defaultVoters(nodes)).toBe(voters);
  });

  it('--voters overrides the default, including all nodes voting', () => {
    expect(launch(['--nodes', '5', '--voters', '3']).voters).toBe(3);
    expect(launch(['--nodes', '4', '--voters', '4']).voters).toBe(4);
  });

  it('rejects more voters than nodes and zero voters', () => {
    expect(() => launch(['--nodes', '3', '--voters', '4'])).toThrow(/--voters must be between 1 and 3/);
    expect(() => launch(['--voters', '0'])).toThrow(OptionsError);
  });

  it('rejects non-numeric and out-of-range numbers', () => {
    expect(() => launch(['--nodes', 'three'])).toThrow(/whole number/);
    expect(() => launch(['--nodes', '0'])).toThrow(/between 1 and/);
    expect(() => launch(['--base-port', '70000'])).toThrow(/between 1 and 65535/);
    expect(() => launch(['--nodes', '-1'])).toThrow(OptionsError);
  });

  it('rejects unknown options, missing values and repeats', () => {
    expect(() => launch(['--node', '3'])).toThrow(/unknown option: --node/);
    expect(() => launch(['--nodes'])).toThrow(/--nodes needs a value/);
    expect(() => launch(['--nodes', '--fresh'])).toThrow(/--nodes needs a value/);
    expect(() => launch(['--nodes', '3', '--nodes', '4'])).toThrow(/given twice/);
    expect(() => launch(['--fresh=yes'])).toThrow(/takes no value/);
  });

  it('parses store, transport and boolean switches', () => {
    const o = launch(['--store', 'memory', '--transport', 'tcp', '--fresh', '--no-restart', '--quiet', '--tick-ms', '20']);
    expect(o).toMatchObject({ store: 'memory', transport: 'tcp', fresh: true, restart: false, console: 'quiet', tickMs: 20 });
    expect(launch(['--store', 'postgres']).store).toBe('postgres');
    expect(launch(['--verbose']).console).toBe('verbose');
  });

  it('takes --transport redis with an optional URL and channel prefix (unset: inherited or the node defaults)', () => {
    expect(launch(['--transport', 'redis'])).toMatchObject({ transport: 'redis', redisUrl: undefined, redisChannelPrefix: undefined });
    expect(launch(['--transport=redis', '--redis-url', 'redis://10.0.0.5:6380/2', '--redis-prefix', 'dsync:dev'])).toMatchObject({
      transport: 'redis',
      redisUrl: 'redis://10.0.0.5:6380/2',
      redisChannelPrefix: 'dsync:dev',
    });
    expect(launch(['--transport', 'redis', '--redis-url', 'rediss://user:pw@cache.example:6380']).redisUrl).toBe('rediss://user:pw@cache.example:6380');
  });

  it('refuses Redis settings without --transport redis, and malformed ones', () => {
    expect(() => launch(['--redis-url', 'redis://127.0.0.1:6379'])).toThrow(/--redis-url needs --transport redis/);
    expect(() => launch(['--transport', 'tcp', '--redis-prefix', 'x'])).toThrow(/--redis-prefix needs --transport redis/);
    expect(() => launch(['--transport', 'redis', '--redis-url', '127.0.0.1:6379'])).toThrow(/--redis-url must look like redis:\/\//);
    expect(() => launch(['--transport', 'redis', '--redis-url', 'http://127.0.0.1:6379'])).toThrow(OptionsError);
    expect(() => launch(['--transport', 'redis', '--redis-prefix', 'my cluster'])).toThrow(/letters, digits/);
    expect(() => launch(['--transport', 'nats'])).toThrow(/one of tcp, redis/);
  });

  it('explains why the memory transport cannot be used across processes', () => {
    expect(() => launch(['--transport', 'memory'])).toThrow(/only inside one process/);
    expect(() => launch(['--store', 'mysql'])).toThrow(/one of sqlite, memory, postgres/);
  });

  it('converts timeouts from seconds to milliseconds', () => {
    expect(launch(['--leader-timeout', '5', '--stop-timeout', '2'])).toMatchObject({ leaderTimeoutMs: 5000, stopTimeoutMs: 2000 });
  });

  it('refuses overlapping HTTP and peer port ranges', () => {
    expect(() => launch(['--base-port', '9000'])).toThrow(/overlap peer ports 9001-9004/);
    expect(() => launch(['--nodes', '3', '--base-port', '9004'])).not.toThrow();
  });

  it('refuses a gateway port inside a node range, unless there is no gateway', () => {
    expect(() => launch(['--gateway-port', '8003'])).toThrow(/--gateway-port 8003 clashes/);
    expect(() => launch(['--gateway-port', '9002'])).toThrow(/clashes/);
    expect(launch(['--no-gateway', '--base-port', '8000']).gateway).toBe(false);
    expect(() => launch(['--no-gateway', '--gateway-port', '8100'])).toThrow(/contradict/);
  });

  it('refuses port ranges that run past 65535', () => {
    expect(() => launch(['--base-port', '65534'])).toThrow(/past port 65535/);
  });

  it('refuses a wildcard host because peers dial it', () => {
    expect(() => launch(['--host', '0.0.0.0'])).toThrow(/concrete address/);
    expect(launch(['--host', '127.0.0.2']).host).toBe('127.0.0.2');
  });

  it('refuses --quiet with --verbose', () => {
    expect(() => launch(['--quiet', '--verbose'])).toThrow(/contradict/);
  });
});
