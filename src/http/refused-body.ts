/**
 * A body over the route's limit is refused with 413 before it is read. Fastify then closes the
 * connection with the rest of the body unread; the kernel answers the bytes still arriving with a
 * reset, and a reverse proxy that is still sending the body it buffered (nginx) gets "broken pipe"
 * and answers 502 instead of our 413. When the announced body is of a size a proxy lets through,
 * the connection is kept instead: Node reads the rest and discards it, then the 413 is the answer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Bodies up to this size are read and discarded after a 413 (nginx's client_max_body_size is 32m). */
export const DRAIN_REFUSED_BODY_MAX_BYTES = 64 * 1024 * 1024;

export function keepConnectionAfterRefusedBody(request: FastifyRequest, reply: FastifyReply): void {
  const announced = Number(request.headers['content-length']);
  if (!Number.isFinite(announced) || announced > DRAIN_REFUSED_BODY_MAX_BYTES) return;
  reply.removeHeader('connection');
  // Read and discard the rest now, so the sender is never stalled on a full socket buffer. The
  // body-timeout guard (timeouts.ts) pipes the request into a stream nobody reads any more: unpipe
  // it, or that pipe's back-pressure would hold the request paused.
  request.raw.unpipe();
  request.raw.resume();
}
