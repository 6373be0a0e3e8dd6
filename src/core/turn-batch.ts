/**
 * A preHandler for hot read routes (tracking a ticket): the route's handlers run only once the
 * event loop has read every request that arrived in the same turn, one after another.
 *
 * Node handles each request from its socket callback to its answer before it reads the next
 * socket, so the handler's work (on SQLite, synchronous B-tree reads) alternates with parsing,
 * hooks, serialization and socket writes, and every answer leaves alone, often waking the client
 * for it. Held until the turn's end (`setImmediate`), the requests of a busy moment run their
 * queries back to back with the database's code and pages still in the CPU's caches, and their
 * answers are written together. Tracking at 1M tickets: ~15,000 → ~18,000 requests/s (`npm run
 * bench`); the wait costs one turn of the event loop, a fraction of a millisecond.
 *
 * It is the read-side counterpart of `db/group-commit.ts`, which lets the filings of one turn
 * share a commit.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

let held: { request: FastifyRequest; go: HookHandlerDoneFunction }[] = [];

function releaseTurn(): void {
  const turn = held;
  held = [];
  for (const { request, go } of turn) {
    // Fastify guards the handler and hooks it calls from here; this only keeps an unforeseen
    // failure in one request from stranding the others of the turn.
    try {
      go();
    } catch (err) {
      request.log.error({ err }, 'una petición retenida hasta el fin del turno no pudo continuar');
    }
  }
}

export function afterTurnArrivals(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (held.push({ request, go: done }) === 1) setImmediate(releaseTurn);
}
