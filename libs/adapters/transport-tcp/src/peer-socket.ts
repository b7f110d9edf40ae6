import { Type } from '@nestjs/common';
import { JsonSocket, TcpSocket } from '@nestjs/microservices';
import { CorruptedPacketLengthException } from '@nestjs/microservices/errors/corrupted-packet-length.exception';
import { IncompleteMessageTimeoutException } from '@nestjs/microservices/errors/incomplete-message-timeout.exception';
import { MaxPacketLengthExceededException } from '@nestjs/microservices/errors/max-packet-length-exceeded.exception';
import { Socket } from 'net';

export interface PeerSocketOptions {
  /** Largest frame accepted or sent, in UTF-8 bytes of its JSON. */
  maxFrameBytes: number;
  noDelay: boolean;
  /** A peer that stops mid-frame for this long is disconnected. */
  incompleteFrameTimeoutMs: number;
  /** An inbound frame was refused: 'oversize', 'bad-json', 'bad-frame', 'incomplete-frame'. */
  onInboundReject(reason: string): void;
  /** An outbound frame was written (true) or refused before writing (false: oversize or unserializable). */
  onOutboundFrame(message: unknown, written: boolean, reason?: string): void;
}

/**
 * Reads past maxFrameBytes are allowed this much slack before the framing layer gives up on
 * the connection: one socket read (<= 64 KiB) may sit behind a legitimate full frame.
 */
const FRAMING_SLACK_CHARS = 1024 * 1024;

/**
 * Builds the socketClass handed to ServerTCP and ClientTCP. It keeps Nest's "<length>#<json>"
 * framing (JsonSocket) and adds what peer traffic needs: TCP_NODELAY (Nagle + delayed ACK add
 * ~40 ms stalls to small frames), one JSON.stringify per outbound frame with a size check,
 * and counted (never thrown) refusal of oversize or unparsable inbound frames.
 * Nest passes no options to a custom socketClass, hence a class per transport via closure.
 */
export function createPeerSocketClass(o: PeerSocketOptions): Type<TcpSocket> {
  return class PeerSocket extends JsonSocket {
    constructor(socket: Socket) {
      super(socket, { maxBufferSize: o.maxFrameBytes + FRAMING_SLACK_CHARS, incompleteMessageTimeout: o.incompleteFrameTimeoutMs });
      // Before connect() Node remembers the flag and applies it once connected.
      if (o.noDelay) socket.setNoDelay(true);
    }

    protected override handleSend(message: unknown, callback?: (err?: unknown) => void): void {
      let text: string;
      try {
        text = JSON.stringify(message);
      } catch (err) {
        o.onOutboundFrame(message, false, 'unserializable');
        callback?.(err);
        return;
      }
      if (Buffer.byteLength(text, 'utf8') > o.maxFrameBytes) {
        o.onOutboundFrame(message, false, 'oversize');
        callback?.(new Error('peer frame exceeds maxFrameBytes'));
        return;
      }
      // Same framing as JsonSocket: the prefix counts UTF-16 code units, as its reader does.
      this.socket.write(`${text.length}#${text}`, 'utf8', callback);
      o.onOutboundFrame(message, true);
    }

    protected override emitMessage(data: string): void {
      if (Buffer.byteLength(data, 'utf8') > o.maxFrameBytes) {
        o.onInboundReject('oversize');
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        o.onInboundReject('bad-json');
        return;
      }
      this.socket.emit('message', parsed);
    }

    protected override handleDataError(e: unknown, opts?: { destroy?: boolean }): void {
      o.onInboundReject(classifyFramingError(e));
      // A peer that broke the framing cannot be resynchronized: drop the connection outright.
      super.handleDataError(e, { ...opts, destroy: true });
    }
  };
}

function classifyFramingError(e: unknown): string {
  if (e instanceof MaxPacketLengthExceededException) return 'oversize';
  if (e instanceof CorruptedPacketLengthException) return 'bad-frame';
  if (e instanceof IncompleteMessageTimeoutException) return 'incomplete-frame';
  return 'bad-frame';
}
