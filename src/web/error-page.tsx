import type { FastifyReply, FastifyRequest } from 'fastify';
import { Layout } from './layout';
import { pageContext, sendPage } from './render';
import { StaffLayout, staffPageContext } from './staff-layout';

/** What went wrong, and the way back. */
function ErrorBody({ title, message, href, back }: { title: string; message: string; href: string; back: string }) {
  return (
    <>
      <div class="alert alert-danger" role="alert">
        <h1 class="h4">{title}</h1>
        <p class="mb-0">{message}</p>
      </div>
      <a href={href}>{back}</a>
    </>
  );
}

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
        <ErrorBody title={page.t('errorPage.title')} message={message} href="/staff/queue" back={page.t('errorPage.backToPanel')} />
      </StaffLayout>,
      status,
    );
  }
  const page = pageContext(request);
  return sendPage(
    reply,
    <Layout page={page} title={page.t('errorPage.title')}>
      <ErrorBody title={page.t('errorPage.title')} message={message} href="/" back={page.t('errorPage.back')} />
    </Layout>,
    status,
  );
}
