/**
 * The Fastify app factory, used by the server and by the tests (`inject` or a real port).
 * External plugins first (security headers, compression, cookies, rate limits, OpenAPI),
 * then the domain route modules. `listen()` lives in `main.ts`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../core/errors';
import { errorBody } from '../core/error-body';
import { registerErrorHandler } from './error-handler';
import { SharedRateLimitStore } from './rate-limit-store';
import { CompactRequestLog, loggerOptions } from './log';
import type { AppContext } from '../core/context';
import type { Config } from '../config/config';
import { pickLocale, type Locale } from '../i18n';
import { registerRouteModules } from './routes';
import { renderErrorPage } from '../web/error-page';
import { preparePortalStyle, registerAssets } from '../web/assets';
import { registerAuth } from '../auth/auth.plugin';
import { registerHttpMetrics } from '../metrics/prometheus';
import { registerBodyTimeout, serverTimeoutOptions } from './timeouts';
import { registerFiniteNumbers } from './finite-numbers';
import { registerStaffRateLimit } from './staff-rate-limit';
import { apiSecurityHeaderOptions, registerSecurityHeaders } from './security-headers';
import { registerMultipart } from './multipart';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    rateLimitStore: SharedRateLimitStore;
  }
  interface FastifyRequest {
    locale: Locale;
  }
}

export type App = FastifyInstance;

export interface BuildAppOptions {
  /** pino level; tests pass 'silent'. */
  logLevel?: string;
  /** Where log lines go (default stdout); tests capture them to check what is logged. */
  logStream?: NodeJS.WritableStream;
  /**
   * Names this release in the portal's service-worker cache. By default the cache follows the
   * assets' hash alone (a release that changes no script or style keeps the devices' caches).
   */
  release?: string;
}

/**
 * Fastify ignores a bare hop count (it cannot tell the proxy from a direct client), so a count is
 * given as the equivalent function: the socket peer and the next `hops - 1` entries from the right
 * of `X-Forwarded-For` are proxies, the entry after them is the client. Addresses go as they are.
 */
function trustProxyOption(setting: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (setting === false) return false;
  if (typeof setting === 'number') {
    const hops = setting;
    return (_address, hop) => hop < hops;
  }
  return setting;
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<App> {
  const { config } = ctx;
  // Outside production, one compact line per request at `debug` instead of two at `info`, so the
  // start banner (address, admin password) does not scroll away as soon as a browser opens a page.
  const compactRequestLogs = config.nodeEnv !== 'production';
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? config.logLevel, options.logStream),
    ...(compactRequestLogs ? { logController: new CompactRequestLog() } : {}),
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: 100 * 1024,
    ...serverTimeoutOptions(config.timeouts),
    return503OnClosing: true,
    // Router-level errors (malformed URL encoding, over-long path parameters) get our envelope too.
    frameworkErrors: (error, request, reply) => {
      const locale = pickLocale(null, request.headers['accept-language']);
      const code = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'BAD_REQUEST';
      const raw = reply as unknown as { status(n: number): { send(body: unknown): void } };
      raw.status(code === 'URI_TOO_LONG' ? 414 : 400).send(errorBody(locale, code));
    },
    ajv: {
      customOptions: {
        // Unknown fields are an error (422), not silently dropped.
        removeAdditional: false,
        coerceTypes: 'array',
        allErrors: true,
        useDefaults: true,
        // Ajv's strict numbers (Fastify's default) let a coerced `limit=Infinity` or `1e309` skip
        // `maximum` and reach the SQL as a 500; without it the bounds are checked on the number.
        strictNumbers: false,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ctx', ctx);
  registerBodyTimeout(app, config.timeouts.bodyMs);
  registerFiniteNumbers(app);
  // JSON (and forms, for pages) only: a text body is refused with 415, not guessed at.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('locale', 'es');
  const https = config.publicBaseUrl.startsWith('https://');
  // The portal's pages inline their CSS (no request blocks their first render); the policy allows it by hash.
  const portalCss = await preparePortalStyle(app.log);
  registerSecurityHeaders(app, {
    pages: {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", portalCss.cspSource],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          baseUri: ["'self'"],
          // On a plain-http intranet this directive would break every asset.
          upgradeInsecureRequests: https ? [] : null,
        },
      },
      strictTransportSecurity: https ? undefined : false,
      crossOriginEmbedderPolicy: false,
    },
    // The JSON API (not its documentation pages under /api/docs).
    api: apiSecurityHeaderOptions(https),
    apiPrefix: '/api/v1/',
  });
  // JSON answers up to 64 KB are compressed in one synchronous call. The plugin's default on a
  // two-core host (8 KB) sent a queue page (~23 KB) through the stream pipeline, whose chunking
  // and thread-pool round trips cost ~1.5 ms a request against ~0.1 ms for the compression itself
  // (docs/performance.md, 3 December 2026, 18:30); streams and larger bodies keep the pipeline.
  await app.register(compress, { global: true, threshold: 512, syncThreshold: 65_536, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(cookie);
  app.addHook('onRequest', (request, reply, done) => {
    const query = request.query as Record<string, string | undefined> | undefined;
    // Pages are Spanish unless the person switches (a browser set to English in a Peruvian
    // office should not flip the portal); API clients may ask with Accept-Language.
    const isApi = request.url.startsWith('/api/');
    request.locale = pickLocale(query?.lang ?? request.cookies?.lang, isApi ? request.headers['accept-language'] : undefined);
    if ((query?.lang === 'es' || query?.lang === 'en') && request.cookies?.lang !== query.lang) {
      reply.setCookie('lang', query.lang, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    }
    done();
  });

  await app.register(formbody, { bodyLimit: 100 * 1024 });
  // Files only on the routes that opt in (`config.uploads`); anywhere else multipart stays a 415.
  await registerMultipart(app);
  // One store for the plugin and for budgets charged by hand (a filing's DNI lookup, see core/rate-limits.ts).
  const rateLimitStore = new SharedRateLimitStore();
  app.decorate('rateLimitStore', rateLimitStore);
  await app.register(rateLimit, {
    global: false,
    // The plugin instantiates the class it is given; this one hands back the app's store.
    store: function storeOfThisApp() {
      return rateLimitStore;
    } as never,
    // Keys are `<address><group>`, so a budget can be charged by hand with the same key.
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError('RATE_LIMITED', { seconds }, undefined, { 'Retry-After': String(seconds) });
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ITIMS API',
        description: 'Mesa de ayuda de incidencias de TI. Errores: `{error:{code,message,fields?}}`.',
        version: '1',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'itims_session' },
        },
      },
    },
  });
  // The documentation under the same strict policy as the pages (no inline style, nothing from
  // another host): the plugin's own policy allows https: styles and the validator's images, and
  // Swagger UI's top bar draws its logo with an inline <style>, so the base layout (no top bar:
  // its "Explore" box is of no use here) and the API's title instead.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { layout: 'BaseLayout', deepLinking: true },
    theme: { title: 'ITIMS API' },
    staticCSP: {
      'default-src': "'self'",
      'base-uri': "'self'",
      'script-src': "'self'",
      'script-src-attr': "'none'",
      'style-src': "'self'",
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': "'self'",
      'object-src': "'none'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
    },
  });

  registerErrorHandler(app, renderErrorPage);
  await registerAssets(app);
  // Sets request.actor; must come before the route modules (its onRoute hook sees every route).
  await registerAuth(app);
  registerStaffRateLimit(app, config.staffRequestsPerMinute);
  registerHttpMetrics(app);
  await registerRouteModules(app, { release: options.release });
  return app;
}
