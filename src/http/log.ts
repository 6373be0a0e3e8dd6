/**
 * pino options: never log a DNI, a phone number or a description. Bodies are never logged;
 * URLs can carry a DNI (`/directory/12345678`) or a phone, so digit runs are masked; secrets in
 * headers are redacted.
 */
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

export function maskUrl(url: string): string {
  return url.replace(/\d{6,}/g, (m) => '*'.repeat(m.length));
}

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers["x-telegram-bot-api-secret-token"]', 'res.headers["set-cookie"]'],
      censor: '[oculto]',
    },
    serializers: {
      req(req: { method: string; url: string; ip?: string; id?: string }) {
        return { method: req.method, url: maskUrl(req.url), id: req.id };
      },
    },
  };
}

/**
 * Outside production: one line per answered request at `debug` ("GET /staff/queue 200 4 ms"),
 * with the URL masked as above, instead of Fastify's two `info` lines per request; a request
 * that errored is still logged as an error.
 */
export class CompactRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    request.log.debug(`${request.method} ${maskUrl(request.url)} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`);
  }
}
