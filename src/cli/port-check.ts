/**
 * Checks that every port the cluster needs is free before anything starts, so a clash gives one
 * clear message instead of a child crash loop.
 */
import * as net from 'node:net';

export interface PortNeed {
  port: number;
  /** Who needs it, e.g. "node1 HTTP". */
  owner: string;
}

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The needs whose port is taken on `host`. */
export async function busyPorts(host: string, needs: readonly PortNeed[]): Promise<PortNeed[]> {
  const results = await Promise.all(needs.map(async (n) => ({ need: n, free: await isFree(host, n.port) })));
  return results.filter((r) => !r.free).map((r) => r.need);
}

export function portClashMessage(busy: readonly PortNeed[], staleHint: string | undefined): string {
  const list = busy.map((b) => `  ${b.port}  (${b.owner})`).join('\n');
  const first = busy[0]?.port ?? 8001;
  return [
    `these ports are already in use:`,
    list,
    staleHint ?? `Another cluster (an earlier \`npm start\`, docker compose) may still be running.`,
    `Find the owner with:  ss -ltnp 'sport = :${first}'   (or: lsof -i :${first})`,
    `Stop it, or start on other ports, e.g.:`,
    `  npm start -- --base-port 8101 --peer-base-port 9101 --gateway-port 8100`,
  ].join('\n');
}
