import type { FastifyReply, FastifyRequest } from 'fastify';
import { Layout } from './layout';
import { pageContext, sendPage } from './render';

/** HTML error page for browser requests (the API answers JSON). */
export function renderErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
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
