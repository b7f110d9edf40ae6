import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { NotLeaderError, ProposalFailedError } from '../consensus/consensus-errors';
import { JsonLogger } from '../logging/json-logger';
import { LeaderUnreachableError } from './leader-forwarder.service';

interface ErrorResponse {
  status: number;
  body: { error: string; message: string; [extra: string]: unknown };
  retryAfterS?: number;
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
  500: 'internal',
  503: 'unavailable',
};

/** Maps any error to JSON {error, message}; consensus errors become 503 with Retry-After. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof NotLeaderError) {
    return { status: 503, retryAfterS: 1, body: { error: exception.leader ? 'not_leader' : 'no_leader', message: exception.message, leader: exception.leader } };
  }
  if (exception instanceof LeaderUnreachableError) {
    return { status: 503, retryAfterS: 1, body: { error: 'leader_unreachable', message: exception.message, leader: exception.leader } };
  }
  if (exception instanceof ProposalFailedError) {
    const status = exception.reason === 'timeout' ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE;
    return { status, retryAfterS: 1, body: { error: `proposal_${exception.reason.replace('-', '_')}`, message: exception.message } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const code = CODES[status] ?? `http_${status}`;
    if (typeof response === 'string') return { status, body: { error: code, message: response } };
    const r = response as Record<string, unknown>;
    // Terminus health failures: keep status/info/details, with our {error, message} on top
    // (terminus' own `error` map of failed checks is also inside `details`).
    if ('details' in r && 'status' in r) return { status, body: { ...r, error: 'not_ready', message: 'one or more health checks failed' } };
    const message = Array.isArray(r.message) ? r.message.join('; ') : typeof r.message === 'string' ? r.message : exception.message;
    return { status, body: { error: code, message } };
  }
  // Fastify's own errors (invalid JSON body, body too large) carry a 4xx statusCode.
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, body: { error: CODES[statusCode] ?? `http_${statusCode}`, message: (exception as Error).message } };
  }
  return { status: 500, body: { error: 'internal', message: 'internal error' } };
}

@Catch()
export class JsonExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, retryAfterS } = toErrorResponse(exception);
    if (status === 500) {
      this.logger.error(exception instanceof Error ? exception.message : String(exception), { status, code: body.error }, 'HTTP');
    }
    if (retryAfterS !== undefined) reply.header('retry-after', String(retryAfterS));
    reply.status(status).send(body);
  }
}
