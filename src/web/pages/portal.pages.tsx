/** Public portal pages: home (ticket form), confirmation, tracking, "mis tickets". */
import type { FastifyInstance } from 'fastify';
import { Layout } from '../layout';
import { pageContext, sendPage } from '../render';

export async function portalPages(app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const page = pageContext(request);
    return sendPage(
      reply,
      <Layout page={page} title={page.t('layout.nav.newTicket')}>
        <h1 class="h3">{page.t('layout.nav.newTicket')}</h1>
      </Layout>,
    );
  });
}
