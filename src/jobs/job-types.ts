/**
 * The outbox's job types and the payload each one carries. `enqueueJob` accepts only a type
 * declared here with its payload, and a handler map (`JobHandlers`) gets each payload typed.
 *
 * `jobs/` knows no domain, so each area declares the jobs it writes next to the code that writes
 * them, by adding to this interface (TypeScript merges the declarations):
 *
 * ```ts
 * declare module '../jobs/job-types' {
 *   interface JobPayloads {
 *     'ticket.created': { ticketId: number };
 *   }
 * }
 * ```
 *
 * A payload is stored as JSON: plain data only, and as little as the handler needs (an id, not a
 * copy of the row — the handler reads the current state).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}

export type JobType = keyof JobPayloads & string;
export type JobPayload<T extends JobType> = JobPayloads[T];
