import { ConfigError } from '../../../node/src/config/config-error';
import { loadGatewayConfig } from './gateway-config';

describe('loadGatewayConfig', () => {
  it('parses nodes and fills defaults', () => {
    expect(loadGatewayConfig({ GATEWAY_NODES: 'node1=http://127.0.0.1:8001, node2=http://127.0.0.1:8002/' })).toEqual({
      nodes: [
        { id: 'node1', url: 'http://127.0.0.1:8001' },
        { id: 'node2', url: 'http://127.0.0.1:8002' },
      ],
      host: '127.0.0.1',
      port: 8000,
      nodeTimeoutMs: 1000,
      requestTimeoutMs: 15_000,
      connectTimeoutMs: 1000,
      refreshMs: 1000,
      logLevel: 'info',
    });
  });

  it.each([
    [{}, 'GATEWAY_NODES: GATEWAY_NODES must list the nodes'],
    [{ GATEWAY_NODES: 'node1' }, 'GATEWAY_NODES: "node1": expected id=http://host:port'],
    [{ GATEWAY_NODES: 'node1=ftp://x' }, 'expected id=http://host:port'],
    [{ GATEWAY_NODES: 'a=http://h:1,a=http://h:2' }, 'duplicate node id a'],
    [{ GATEWAY_NODES: 'a=http://h:1', GATEWAY_PORT: 'eighty' }, 'GATEWAY_PORT: GATEWAY_PORT must be an integer port'],
    [{ GATEWAY_NODES: 'a=http://h:1', GATEWAY_REQUEST_TIMEOUT_MS: 'long' }, 'GATEWAY_REQUEST_TIMEOUT_MS: GATEWAY_REQUEST_TIMEOUT_MS must be an integer'],
    [{ GATEWAY_NODES: 'a=http://h:1', GATEWAY_CONNECT_TIMEOUT_MS: '10' }, 'GATEWAY_CONNECT_TIMEOUT_MS'],
  ])('rejects %p naming the setting', (env, expected) => {
    let problems: string[] = [];
    try {
      loadGatewayConfig(env);
    } catch (e) {
      if (e instanceof ConfigError) problems = e.problems;
    }
    expect(problems.join('\n')).toContain(expected);
  });
});
