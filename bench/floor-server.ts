/** The read-path floor: a bare Fastify server with one empty JSON route, same Node, same machine. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/floor', async () => ({ ok: true }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
console.log(`FLOOR_LISTENING ${typeof address === 'object' && address ? address.port : ''}`);
