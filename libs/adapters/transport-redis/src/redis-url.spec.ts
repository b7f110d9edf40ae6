import { parseRedisUrl } from './redis-url';

describe('parseRedisUrl', () => {
  it('reads host and port, defaulting the port to 6379', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380 });
    expect(parseRedisUrl('redis://cache.local')).toEqual({ host: 'cache.local', port: 6379 });
  });

  it('reads credentials (URL-decoded), database and TLS', () => {
    expect(parseRedisUrl('rediss://app:p%40ss@redis.example:6390/3')).toEqual({
      host: 'redis.example',
      port: 6390,
      username: 'app',
      password: 'p@ss',
      db: 3,
      tls: {},
    });
    expect(parseRedisUrl('redis://:secret@[::1]:6379')).toEqual({ host: '::1', port: 6379, password: 'secret' });
  });

  it.each([
    ['127.0.0.1:6379', 'not a URL'],
    ['http://127.0.0.1:6379', 'unsupported scheme'],
    ['redis://127.0.0.1:6379/zero', 'database must be a number'],
  ])('refuses %s', (text, message) => {
    expect(() => parseRedisUrl(text)).toThrow(message);
  });
});
