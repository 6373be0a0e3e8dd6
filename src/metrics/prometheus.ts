/**
 * Prometheus metrics. Two kinds:
 * - process counters other modules increment as things happen: `recordLlmCall(model, outcome)`
 *   (assistant/llm) and `recordTelegramSend(outcome)` (notifications/telegram);
 * - per-app metrics: the HTTP latency histogram (an onResponse hook, `registerHttpMetrics`) and
 *   gauges read from the database at scrape time (tickets, queue, jobs), so every instance of a
 *   scaled-out deployment reports the same database numbers.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Executor } from '../db/database';
import { jobCounts, openTicketCounts, ticketsCreatedCount } from './operations.repository';

export type LlmOutcome = 'ok' | 'error' | 'timeout' | 'rate_limited' | 'unavailable';
export type TelegramOutcome = 'ok' | 'error' | 'rate_limited' | 'blocked';

const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'itims_' });

const llmCalls = new Counter({
  name: 'itims_llm_calls_total',
  help: 'Calls to the language model, by model and outcome.',
  labelNames: ['model', 'outcome'] as const,
  registers: [processRegistry],
});
const telegramSends = new Counter({
  name: 'itims_telegram_sends_total',
  help: 'Messages sent to the Telegram Bot API, by outcome.',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});

const lastSuccess = { llm: null as number | null, telegram: null as number | null };

/** Count one model call (call it once per model tried, with how it ended). */
export function recordLlmCall(model: string, outcome: LlmOutcome, at: number = Date.now()): void {
  llmCalls.inc({ model, outcome });
  if (outcome === 'ok') lastSuccess.llm = at;
}

/** Count one Telegram send (a new-ticket message, a reminder, a status update…). */
export function recordTelegramSend(outcome: TelegramOutcome, at: number = Date.now()): void {
  telegramSends.inc({ outcome });
  if (outcome === 'ok') lastSuccess.telegram = at;
}

/** Last successful calls seen by this process (the health check also asks the database). */
export const lastSuccessInProcess = () => ({ ...lastSuccess });

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's metrics (HTTP latency, database gauges). */
    appMetrics: Registry;
  }
}

/** Per-app registry with the database gauges, collected when scraped. */
function appRegistry(db: Executor): Registry {
  const registry = new Registry();
  new Counter({
    name: 'itims_tickets_created_total',
    help: 'Tickets ever created (all instances; read from the database).',
    registers: [registry],
    async collect() {
      const created = await ticketsCreatedCount(db);
      this.reset();
      this.inc(created);
    },
  });
  new Gauge({
    name: 'itims_tickets_open',
    help: 'Open tickets: waiting in the queue or in progress.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const open = await openTicketCounts(db);
      this.set({ status: 'registered' }, open.waiting);
      this.set({ status: 'in_progress' }, open.inProgress);
    },
  });
  new Gauge({
    name: 'itims_queue_length',
    help: 'Tickets waiting in the queue (status registered).',
    registers: [registry],
    async collect() {
      this.set((await openTicketCounts(db)).waiting);
    },
  });
  new Gauge({
    name: 'itims_jobs',
    help: 'Outbox jobs pending or parked as failed.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const jobs = await jobCounts(db);
      this.set({ status: 'pending' }, jobs.pending);
      this.set({ status: 'failed' }, jobs.failed);
    },
  });
  return registry;
}

/** Adds the HTTP latency histogram (an onResponse hook on the root instance). */
export function registerHttpMetrics(app: FastifyInstance): void {
  const registry = appRegistry(app.ctx.database.db);
  const latency = new Histogram({
    name: 'itims_http_request_duration_seconds',
    help: 'HTTP request latency by route and status.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.decorate('appMetrics', registry);
  // One labelled child per (method, route, status): prom-client would hash the label object on
  // every observation otherwise.
  const children = new Map<string, { observe(value: number): void }>();
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: ticket codes and DNIs must not become labels.
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    const key = `${request.method} ${status} ${route}`;
    let child = children.get(key);
    if (!child) {
      child = latency.labels({ method: request.method, route, status_code: status });
      children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });
}

/** The text exposition of process and app metrics together. */
export async function scrape(app: FastifyInstance): Promise<{ contentType: string; body: string }> {
  const merged = Registry.merge([processRegistry, app.appMetrics]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
