import type { FastifyReply, FastifyRequest } from 'fastify';
import { Layout } from './layout';
import { pageContext, sendPage } from './render';
import { StaffLayout, staffPageContext } from './staff-layout';

/**
 * HTML error page for browser requests (the API answers JSON). A signed-in staff user who meets
 * an error in the staff area (403, 404) stays in the staff layout, with a link back to the panel.
 */
export function renderErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  const path = request.url.split('?')[0] ?? '';
  if (request.actor && (path === '/staff' || path.startsWith('/staff/'))) {
    const page = staffPageContext(request);
    return sendPage(
      reply,
      <StaffLayout page={page} title={page.t('errorPage.title')}>
        <div class="alert alert-danger" role="alert">
          <h1 class="h4">{page.t('errorPage.title')}</h1>
          <p class="mb-0">{message}</p>
        </div>
        <a href="/staff/queue">{page.t('errorPage.backToPanel')}</a>
      </StaffLayout>,
      status,
    );
  }
  const page = pageContext(request);
  return sendPage(
    reply,
    <Layout page={page} title={page.t('errorPage.title')}>
      <div class="alert alert-danger" role="alert">
        <h1 class="h4">{page.t('errorPage.title')}</h1>
        <p class="mb-0">{message}</p>
      </div>
      <a href="/">{page.t('errorPage.back')}</a>
    </Layout>,
    status,
  );
}
