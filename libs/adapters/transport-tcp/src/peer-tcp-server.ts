import { ServerTCP, TcpSocket } from '@nestjs/microservices';
import { PEER_BATCH_ROUTE } from '@app/adapters/transport-shared';

export interface PeerTcpServerHooks {
  onReject(reason: string): void;
  onError(err: unknown): void;
}

/**
 * Nest's ServerTCP with two changes for peer traffic: frames that are not a one-way event of
 * our pattern are refused and counted (instead of answered or logged by Nest), and errors go
 * to our hook instead of Nest's logger (an attacker must not be able to flood the logs).
 */
export class PeerTcpServer extends ServerTCP {
  constructor(
    options: ConstructorParameters<typeof ServerTCP>[0],
    private readonly hooks: PeerTcpServerHooks,
  ) {
    super(options);
  }

  override async handleMessage(socket: TcpSocket, rawMessage: unknown): Promise<unknown> {
    if (!isPeerEvent(rawMessage)) {
      this.hooks.onReject('bad-envelope');
      return undefined;
    }
    return super.handleMessage(socket, rawMessage);
  }

  override handleError(err: unknown): void {
    this.hooks.onError(err);
  }
}

/** An event (no id: nobody waits for a reply) carrying our pattern. */
function isPeerEvent(x: unknown): boolean {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const r = x as Record<string, unknown>;
  return r.pattern === PEER_BATCH_ROUTE && r.id === undefined && 'data' in r;
}
