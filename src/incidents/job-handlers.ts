/**
 * Incident detection in the outbox worker (issue 19): the `ticket.created` handler, wrapped so that
 * the ticket's category is checked for a suggested incident before the new-ticket notices go out.
 * Off the filing path: the filing request only wrote its `ticket.created` job, as before.
 * Detection is safe to run twice (a retried job finds the suggestion already recorded), so it runs
 * before the wrapped handler, which completes the job.
 */
import type { JobHandler } from '../jobs/worker';
import type { JobPayloads } from '../jobs/job-types';
import { detectAfterFiling, type DetectionDeps } from './commands/suggestions';

export function withIncidentDetection(handler: JobHandler<JobPayloads['ticket.created']>, deps: DetectionDeps): JobHandler<JobPayloads['ticket.created']> {
  if (deps.settings.minTickets <= 0) return handler;
  return {
    ...handler,
    run: async (payload, job) => {
      await detectAfterFiling(deps, payload.ticketId);
      await handler.run(payload, job);
    },
  };
}
