/** The parts of a redis:// URL that ioredis takes as options (Nest's Redis transport takes no URL). */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  /** Present for rediss:// (TLS with the system's CAs). */
  tls?: Record<string, never>;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * redis://[user[:password]@]host[:port][/db] or rediss://... ; throws an Error naming what is
 * wrong, so a bad REDIS_URL stops the node at start rather than at the first publish.
 */
export function parseRedisUrl(text: string): RedisConnectionOptions {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`not a URL: "${text}" (expected redis://host:port[/db])`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error(`unsupported scheme "${url.protocol}" (expected redis: or rediss:)`);
  if (!url.hostname) throw new Error(`no host in "${text}"`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw new Error(`database must be a number, got "${dbText}"`);
  const options: RedisConnectionOptions = { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  if (dbText !== '') options.db = Number(dbText);
  if (url.protocol === 'rediss:') options.tls = {};
  return options;
}
