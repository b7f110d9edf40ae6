/**
 * Command-line options of the local cluster launcher (`npm start -- <options>`).
 * Parsing is pure (argv in, options or an OptionsError out) so it is unit-tested without processes.
 */

export type StoreKind = 'sqlite' | 'memory' | 'postgres';
export type TransportKind = 'tcp' | 'redis';
/** How much of the children's logs the launcher echoes to the terminal (files always get everything). */
export type ConsoleMode = 'quiet' | 'normal' | 'verbose';

export interface LaunchOptions {
  nodes: number;
  voters: number;
  host: string;
  basePort: number;
  peerBasePort: number;
  gatewayPort: number;
  gateway: boolean;
  dataDir: string;
  store: StoreKind;
  transport: TransportKind;
  /** --transport redis: REDIS_URL for the nodes; undefined = the launcher's own REDIS_URL, else the node default. */
  redisUrl: string | undefined;
  /** --transport redis: REDIS_CHANNEL_PREFIX for the nodes; undefined = inherited, else the node default (dsync). */
  redisChannelPrefix: string | undefined;
  fresh: boolean;
  restart: boolean;
  logLevel: string;
  console: ConsoleMode;
  tickMs: number | undefined;
  leaderTimeoutMs: number;
  stopTimeoutMs: number;
}

export type ParsedCommand = { kind: 'help' } | { kind: 'launch'; options: LaunchOptions };

export class OptionsError extends Error {
  override readonly name = 'OptionsError';
}

const STORES: readonly StoreKind[] = ['sqlite', 'memory', 'postgres'];
const TRANSPORTS: readonly TransportKind[] = ['tcp', 'redis'];
const LOG_LEVELS = ['error', 'warn', 'info', 'debug'];
const MAX_NODES = 15;

/** Largest odd number <= n: an odd voter count gives the best fault tolerance per voter. */
export function defaultVoters(nodes: number): number {
  return nodes % 2 === 1 ? nodes : Math.max(1, nodes - 1);
}

export const HELP_TEXT = `Start a local cluster (nodes + gateway) on this machine.

Usage: npm start -- [options]        (or: node dist/src/main.js [options])

Cluster
  --nodes N             number of nodes (default 4, max ${MAX_NODES})
  --voters V            Raft voters among them: node1..nodeV vote, the rest are learners
                        (default: the largest odd number <= N, so 4 nodes = 3 voters + 1 learner)
  --store KIND          sqlite (default, durable) | memory (lost on exit) | postgres (needs POSTGRES_URL in the env)
  --transport KIND      peer transport between node processes: tcp (default) | redis (pub/sub through
                        a Redis server; it must be running: see --redis-url)
  --redis-url URL       with --transport redis: redis://[user:pass@]host[:port][/db] or rediss://...
                        (default: $REDIS_URL if set, else redis://127.0.0.1:6379)
  --redis-prefix P      with --transport redis: channel prefix, one per cluster sharing a Redis
                        (default: $REDIS_CHANNEL_PREFIX if set, else dsync)
  --tick-ms MS          Raft tick length passed to every node (default: the node's own default)

Network
  --host ADDR           address nodes bind to and advertise to peers (default 127.0.0.1)
  --base-port P         HTTP port of node1; nodeK uses P+K-1 (default 8001)
  --peer-base-port P    peer TCP port of node1; nodeK uses P+K-1 (default 9001)
  --gateway-port P      HTTP port of the gateway (default 8000)
  --no-gateway          do not start the gateway

Data and logs
  --data DIR            data directory: DIR/<node> per node, DIR/logs/<name>.log (default ./data)
  --fresh               wipe the nodes' data and logs in DIR before starting
  --log-level LEVEL     LOG_LEVEL of the children: ${LOG_LEVELS.join('|')} (default info)
  --quiet               echo only warnings and errors of the children (full logs stay in DIR/logs)
  --verbose             echo every line of the children

Supervision
  --no-restart          leave a crashed child dead (default: restart it, at most 5 times a minute)
  --leader-timeout S    seconds to wait for the first leader (default 30)
  --stop-timeout S      seconds to wait after SIGTERM before SIGKILL on shutdown (default 10)

  -h, --help            show this help

Ctrl-C (or SIGTERM) stops everything; a second Ctrl-C kills at once. State survives restarts
unless --fresh is given.`;

const DEFAULTS: LaunchOptions = {
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
  redisUrl: undefined,
  redisChannelPrefix: undefined,
  fresh: false,
  restart: true,
  logLevel: 'info',
  console: 'normal',
  tickMs: undefined,
  leaderTimeoutMs: 30_000,
  stopTimeoutMs: 10_000,
};

const VALUE_FLAGS = new Set([
  '--nodes',
  '--voters',
  '--host',
  '--base-port',
  '--peer-base-port',
  '--gateway-port',
  '--data',
  '--store',
  '--transport',
  '--redis-url',
  '--redis-prefix',
  '--log-level',
  '--tick-ms',
  '--leader-timeout',
  '--stop-timeout',
]);
const BOOLEAN_FLAGS = new Set(['--fresh', '--no-restart', '--no-gateway', '--quiet', '--verbose', '--help', '-h']);

/** Splits argv into flag/value pairs; accepts `--flag value` and `--flag=value`. */
function tokenize(argv: readonly string[]): Map<string, string> {
  const seen = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS.has(flag)) {
      if (flag !== arg) throw new OptionsError(`${flag} takes no value`);
      seen.set(flag, 'true');
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new OptionsError(`unknown option: ${arg}`);
    let value: string | undefined;
    if (flag !== arg) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '' || (value.startsWith('--') && flag === arg)) {
      throw new OptionsError(`${flag} needs a value`);
    }
    if (seen.has(flag)) throw new OptionsError(`${flag} given twice`);
    seen.set(flag, value);
  }
  return seen;
}

function integer(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new OptionsError(`${flag} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new OptionsError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === raw);
  if (found === undefined) throw new OptionsError(`${flag} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return found;
}

/** Every port the cluster needs must be valid and distinct; checked here so the error names the flags. */
function checkPorts(o: LaunchOptions): void {
  const lastHttp = o.basePort + o.nodes - 1;
  const lastPeer = o.peerBasePort + o.nodes - 1;
  if (lastHttp > 65535) throw new OptionsError(`--base-port ${o.basePort} + ${o.nodes} nodes goes past port 65535`);
  if (lastPeer > 65535) throw new OptionsError(`--peer-base-port ${o.peerBasePort} + ${o.nodes} nodes goes past port 65535`);
  const overlaps = (a: number, b: number, c: number, d: number): boolean => a <= d && c <= b;
  if (overlaps(o.basePort, lastHttp, o.peerBasePort, lastPeer)) {
    throw new OptionsError(
      `HTTP ports ${o.basePort}-${lastHttp} overlap peer ports ${o.peerBasePort}-${lastPeer}: move --base-port or --peer-base-port`,
    );
  }
  if (o.gateway) {
    const inRange = (lo: number, hi: number): boolean => o.gatewayPort >= lo && o.gatewayPort <= hi;
    if (inRange(o.basePort, lastHttp) || inRange(o.peerBasePort, lastPeer)) {
      throw new OptionsError(`--gateway-port ${o.gatewayPort} clashes with a node port: choose a port outside the node ranges`);
    }
  }
}

/** The Redis settings make sense only with the Redis transport; the node checks the URL fully, this catches typos early. */
function parseRedis(o: LaunchOptions, url: string | undefined, prefix: string | undefined): void {
  for (const [flag, value] of [['--redis-url', url], ['--redis-prefix', prefix]] as const) {
    if (value !== undefined && o.transport !== 'redis') throw new OptionsError(`${flag} needs --transport redis`);
  }
  if (url !== undefined) {
    if (!/^rediss?:\/\/[^/?#]/.test(url)) throw new OptionsError(`--redis-url must look like redis://host:port[/db] or rediss://..., got "${url}"`);
    o.redisUrl = url;
  }
  if (prefix !== undefined) {
    // Same rule as the node's REDIS_CHANNEL_PREFIX.
    if (!/^[A-Za-z0-9_.:-]+$/.test(prefix)) throw new OptionsError(`--redis-prefix may contain letters, digits and _ . : - only, got "${prefix}"`);
    o.redisChannelPrefix = prefix;
  }
}

export function parseOptions(argv: readonly string[]): ParsedCommand {
  const flags = tokenize(argv);
  if (flags.has('--help') || flags.has('-h')) return { kind: 'help' };
  const get = (flag: string): string | undefined => flags.get(flag);
  const o: LaunchOptions = { ...DEFAULTS };

  const nodes = get('--nodes');
  if (nodes !== undefined) o.nodes = integer('--nodes', nodes, 1, MAX_NODES);
  const voters = get('--voters');
  o.voters = voters !== undefined ? integer('--voters', voters, 1, o.nodes) : defaultVoters(o.nodes);

  const host = get('--host');
  if (host !== undefined) {
    if (host === '0.0.0.0' || host === '::') {
      throw new OptionsError('--host is also the address peers dial, so it must be a concrete address (e.g. 127.0.0.1)');
    }
    o.host = host;
  }
  const basePort = get('--base-port');
  if (basePort !== undefined) o.basePort = integer('--base-port', basePort, 1, 65535);
  const peerBasePort = get('--peer-base-port');
  if (peerBasePort !== undefined) o.peerBasePort = integer('--peer-base-port', peerBasePort, 1, 65535);
  const gatewayPort = get('--gateway-port');
  if (gatewayPort !== undefined) o.gatewayPort = integer('--gateway-port', gatewayPort, 1, 65535);
  if (flags.has('--no-gateway')) {
    if (gatewayPort !== undefined) throw new OptionsError('--gateway-port and --no-gateway contradict each other');
    o.gateway = false;
  }

  const data = get('--data');
  if (data !== undefined) o.dataDir = data;
  const store = get('--store');
  if (store !== undefined) o.store = oneOf('--store', store, STORES);
  const transport = get('--transport');
  if (transport !== undefined) {
    if (transport === 'memory') {
      throw new OptionsError('--transport memory works only inside one process (tests, simulator); node processes need tcp or redis');
    }
    o.transport = oneOf('--transport', transport, TRANSPORTS);
  }
  parseRedis(o, get('--redis-url'), get('--redis-prefix'));
  const tick = get('--tick-ms');
  if (tick !== undefined) o.tickMs = integer('--tick-ms', tick, 1, 10_000);

  o.fresh = flags.has('--fresh');
  o.restart = !flags.has('--no-restart');
  const level = get('--log-level');
  if (level !== undefined) o.logLevel = oneOf('--log-level', level, LOG_LEVELS);
  if (flags.has('--quiet') && flags.has('--verbose')) throw new OptionsError('--quiet and --verbose contradict each other');
  if (flags.has('--quiet')) o.console = 'quiet';
  if (flags.has('--verbose')) o.console = 'verbose';

  const leaderTimeout = get('--leader-timeout');
  if (leaderTimeout !== undefined) o.leaderTimeoutMs = integer('--leader-timeout', leaderTimeout, 1, 3600) * 1000;
  const stopTimeout = get('--stop-timeout');
  if (stopTimeout !== undefined) o.stopTimeoutMs = integer('--stop-timeout', stopTimeout, 1, 600) * 1000;

  checkPorts(o);
  return { kind: 'launch', options: o };
}
