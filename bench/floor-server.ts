/** The read-path floor: a bare Fastify server with one empty JSON route, same Node, same machine. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/floor', async () => ({ ok: true }));
// The slow-link floor: a page with text and nothing to fetch (bench/slow-link.ts).
app.get('/floor-page', async (_request, reply) =>
  reply.type('text/html; charset=utf-8').send('<!doctype html><html lang="es"><meta charset="utf-8"><title>Piso</title><p>Mesa de ayuda de TI</p></html>'),
);
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
console.log(`FLOOR_LISTENING ${typeof address === 'object' && address ? address.port : ''}`);
