import type { ComponentChildren } from 'preact';
import { asset, BOOTSTRAP_CSS, portalStyle } from './assets';
import { languageSwitchUrl, type PageContext } from './render';
import type { Locale } from '../i18n';
import { OfflineStatus } from './offline/offline-components';

export interface LayoutProps {
  page: PageContext;
  title: string;
  children: ComponentChildren;
  /** Client scripts to load, e.g. `['portal.js']`. */
  scripts?: string[];
  /** Navigation: the public portal's, or a staff area's. */
  nav?: ComponentChildren;
}

/** Which portal section a path belongs to, for `aria-current`. */
function portalSection(url: string): '/' | '/t' | '/mis-tickets' | null {
  const path = new URL(url, 'http://x').pathname;
  if (path === '/' || path === '/tickets') return '/';
  if (path === '/t' || path.startsWith('/t/')) return '/t';
  if (path === '/mis-tickets') return '/mis-tickets';
  return null;
}

export function PortalNav({ page }: { page: PageContext }) {
  const { t } = page;
  const current = portalSection(page.url);
  const link = (href: '/' | '/t' | '/mis-tickets', label: string) => (
    <li class="nav-item">
      <a class="nav-link" href={href} aria-current={current === href ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <ul class="navbar-nav ms-auto flex-wrap">
      {link('/', t('layout.nav.newTicket'))}
      {link('/t', t('layout.nav.track'))}
      {link('/mis-tickets', t('layout.nav.myTickets'))}
    </ul>
  );
}

export function Layout({ page, title, children, scripts = [], nav }: LayoutProps) {
  const { t, locale } = page;
  const other = t('layout.languageCode') as Locale;
  // The public portal works offline once visited (issue 20): manifest, service worker, status line.
  const portal = nav === undefined;
  const allScripts = portal ? [...scripts, 'offline.js'] : scripts;
  // The portal's CSS comes inside the page: on a slow link a stylesheet would hold its first render
  // for a round trip or two (see assets.ts). Staff pages link the cached subset.
  const inline = portal ? portalStyle() : null;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('app.name')}`}</title>
        {inline ? (
          <style dangerouslySetInnerHTML={{ __html: inline.css }} />
        ) : (
          <>
            <link rel="stylesheet" href={asset(BOOTSTRAP_CSS)} />
            <link rel="stylesheet" href={asset('css/app.css')} />
          </>
        )}
        <link rel="icon" href="data:," />
        {portal && <link rel="manifest" href="/manifest.webmanifest" />}
        <meta name="theme-color" content="#0b5394" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skip')}
        </a>
        <header>
          <nav class="navbar navbar-expand navbar-itims" aria-label="ITIMS">
            <div class="container flex-wrap">
              <a class="navbar-brand fw-bold" href="/">
                {t('app.name')} <span class="fw-normal fs-6">· {t('app.tagline')}</span>
              </a>
              {nav ?? <PortalNav page={page} />}
              <a class="nav-link text-white ms-3" href={languageSwitchUrl(page.url, other)} hrefLang={other} lang={other}>
                {t('layout.language')}
              </a>
            </div>
          </nav>
        </header>
        {portal && <OfflineStatus page={page} />}
        <main id="main" class="container py-4" tabIndex={-1}>
          {children}
        </main>
        <footer class="container pb-4 text-secondary small">{t('layout.footer')}</footer>
        {allScripts.map((s) => (
          <script src={asset(`js/${s}`)} defer />
        ))}
      </body>
    </html>
  );
}
