import { assertNever } from '../assert-never';
import { PeerChannel, PeerPayload } from '../peer-transport.port';
import { parseRaftMessage } from '../raft/parse-raft-message';
import { isRecord } from './shape-guards';

export const PEER_CHANNELS: readonly PeerChannel[] = ['raft'];

export function isPeerChannel(x: unknown): x is PeerChannel {
  return typeof x === 'string' && (PEER_CHANNELS as readonly string[]).includes(x);
}

/**
 * Checks one payload received from a peer; null when its channel is unknown or its message is
 * malformed. Every transport adapter runs inbound payloads through this before any handler.
 */
export function parsePeerPayload(x: unknown): PeerPayload | null {
  if (!isRecord(x) || !isPeerChannel(x.channel)) return null;
  const channel = x.channel;
  switch (channel) {
    case 'raft': {
      const message = parseRaftMessage(x.message);
      return message ? { channel, message } : null;
    }
    default:
      return assertNever(channel, 'peer channel');
  }
}
