/**
 * Server-rendered pages: Preact components rendered to a string. Text and attributes are
 * escaped by the renderer; nothing in the codebase uses `dangerouslySetInnerHTML` except the
 * Markdown renderer, which escapes HTML itself, a QR code's SVG made by the server, and the
 * portal's inlined CSS (our own stylesheets, `layout.tsx`).
 */
import { render } from 'preact-render-to-string';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { translator, type Locale, type Translate } from '../i18n';

export interface PageContext {
  locale: Locale;
  t: Translate;
  /** Current path + query, used for the language switch link. */
  url: string;
}

export function pageContext(request: FastifyRequest): PageContext {
  return { locale: request.locale, t: translator(request.locale), url: request.url };
}

export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${render(page)}`);
}

/** Same URL with `lang` switched; the language choice is then kept in a cookie. */
export function languageSwitchUrl(url: string, lang: Locale): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}`;
}
