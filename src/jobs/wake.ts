/**
 * In-process "a job was just committed" signal, so a worker in the same process starts it at
 * once instead of at its next poll (commit-to-Telegram latency). Workers in other processes
 * still find the job by polling. Keyed by the database object both sides share.
 */
const listeners = new WeakMap<object, Set<() => void>>();

export function announceJobs(database: object): void {
  for (const listener of listeners.get(database) ?? []) listener();
}

export function onJobsAnnounced(database: object, listener: () => void): () => void {
  let set = listeners.get(database);
  if (!set) listeners.set(database, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}
