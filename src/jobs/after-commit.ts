/**
 * The one after-commit path. A command's transaction returns the domain events of its change;
 * once the transaction has committed, the command hands them to `dispatchAfterCommit`, which
 * publishes each on the in-process event bus (live queue pages) and wakes this process's worker
 * for the outbox jobs the change wrote. Workers in other processes find those jobs by polling.
 * Nothing is dispatched for a change that rolled back.
 */
import type { DomainEvents, EventBus } from '../core/context';
import { announceJobs } from './wake';

export type DomainEvent = { [K in keyof DomainEvents]: { name: K; payload: DomainEvents[K] } }[keyof DomainEvents];

export interface AfterCommitDeps {
  database: object;
  events?: EventBus;
}

export function dispatchAfterCommit(deps: AfterCommitDeps, events: readonly DomainEvent[] = []): void {
  for (const event of events) deps.events?.emit(event.name, event.payload as never);
  announceJobs(deps.database);
}
