import { FastifyInstance } from 'fastify';

/** Same limit as the nodes: a bigger body is refused here (413) instead of by the node. */
export const GATEWAY_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The gateway keeps every request body as raw bytes, whatever its Content-Type: the node parses
 * and validates it, so what it sees (and answers: 400 for a form, 413 for an oversize body) is
 * what the client sent, not a re-serialisation. Create the app with `bodyParser: false` so Nest
 * does not put its JSON parser back.
 */
export function keepRawBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: GATEWAY_BODY_LIMIT_BYTES }, (_req, body, done) => done(null, body));
}
