/**
 * The installable, offline-first portal (issue 20; design.md "Offline-first portal"):
 * - `GET /manifest.webmanifest`: Spanish name, the icons drawn for ITIMS, `start_url` `/`, `standalone`;
 * - `GET /sw.js`: the service worker (`web/client/sw.ts`), scope `/`, preceded by its configuration —
 *   the release's version and what to cache. The version is a hash of every asset (and the icons,
 *   and the release name when one is given), so any release that changes a script or a style
 *   changes `/sw.js`, which makes browsers install the new worker and drop the old cache;
 * - `GET /assets/icons/{name}`: the PNG icons;
 * - `GET /sin-conexion`: what a page the device has not saved shows with no network.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { translator } from '../../i18n';
import { asset, assetsFingerprint, clientBundle } from '../assets';
import { Layout } from '../layout';
import { pageContext, sendPage } from '../render';
import { appIcons, ICON_SPECS, ICONS_VERSION } from './icons';

export const OFFLINE_PAGE = '/sin-conexion';

const iconUrl = (name: string) => `/assets/icons/${name}?v=${ICONS_VERSION}`;

export interface OfflinePortalOptions {
  /** Names the release in the service worker's cache (default: only the assets' hash counts). */
  release?: string;
}

export async function offlinePortalRoutes(app: FastifyInstance, options: OfflinePortalOptions): Promise<void> {
  app.get('/manifest.webmanifest', { schema: { hide: true } }, async (_request, reply) => {
    // Spanish, whatever the visitor's language: the name the institution's staff install.
    const t = translator('es');
    return reply
      .type('application/manifest+json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send({
        name: t('offline.manifest.name'),
        short_name: t('offline.manifest.shortName'),
        description: t('offline.manifest.description'),
        lang: 'es-PE',
        dir: 'ltr',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f4f6f9',
        theme_color: '#0b5394',
        icons: ICON_SPECS.map((i) => ({ src: iconUrl(i.name), sizes: `${i.size}x${i.size}`, type: 'image/png', purpose: i.purpose })),
      });
  });

  app.get<{ Params: { name: string } }>('/assets/icons/:name', { schema: { hide: true, params: Type.Object({ name: Type.String({ maxLength: 40 }) }) } }, async (request, reply) => {
    const icon = (await appIcons()).find((i) => i.name === request.params.name);
    if (!icon) return reply.callNotFound();
    return reply.type('image/png').header('cache-control', 'public, max-age=31536000, immutable').send(icon.png);
  });

  app.get('/sw.js', { schema: { hide: true } }, async (_request, reply) => {
    const bundle = clientBundle('sw.js');
    if (!bundle) return reply.callNotFound();
    const version = createHash('sha256')
      .update([assetsFingerprint(), ICONS_VERSION, options.release ?? ''].join('\n'))
      .digest('hex')
      .slice(0, 12);
    const config = {
      version,
      shell: ['/', '/t'],
      precache: ['/manifest.webmanifest', ...ICON_SPECS.map((i) => iconUrl(i.name)), '/api/v1/categories', '/api/v1/faq-index', asset('js/assistant-offline.js')],
      offlinePage: OFFLINE_PAGE,
    };
    return (
      reply
        .type('application/javascript; charset=utf-8')
        // Browsers check for a new worker on every visit; no-cache makes that a revalidation.
        .header('cache-control', 'no-cache')
        .header('service-worker-allowed', '/')
        .send(`self.ITIMS_SW=${JSON.stringify(config)};\n${bundle.source.toString('utf8')}`)
    );
  });

  app.get(OFFLINE_PAGE, { schema: { hide: true } }, async (request, reply) => {
    const page = pageContext(request);
    const { t } = page;
    return sendPage(
      reply,
      <Layout page={page} title={t('offline.page.title')}>
        <div class="row justify-content-center">
          <div class="col-lg-8 col-xl-6">
            <h1 class="h3">{t('offline.page.title')}</h1>
            <p>{t('offline.page.body')}</p>
            <p>{t('offline.page.works')}</p>
            <p class="d-flex flex-wrap gap-2">
              <a class="btn btn-primary" href="/">
                {t('offline.page.home')}
              </a>
              <a class="btn btn-outline-primary" href="/t">
                {t('offline.page.track')}
              </a>
            </p>
          </div>
        </div>
      </Layout>,
    );
  });
}
