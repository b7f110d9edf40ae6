import { ClientTCP } from '@nestjs/microservices';

/** ClientTCP whose socket errors (ECONNRESET while a peer restarts) go to a hook, not Nest's logger. */
export class PeerTcpClient extends ClientTCP {
  constructor(
    options: ConstructorParameters<typeof ClientTCP>[0],
    private readonly onError: (err: unknown) => void,
  ) {
    super(options);
  }

  override handleError(err: unknown): void {
    this.onError(err);
  }
}
