/**
 * How a job handler tells the worker what kind of failure it met. Any other error is retried
 * with exponential backoff until the job's last attempt, then the job is parked.
 */

/** The remote side said when to come back (Telegram's `retry_after`): wait that long; no attempt is spent. */
export class RetryAfterError extends Error {
  constructor(
    readonly retryAfterMs: number,
    message = `retry after ${Math.ceil(retryAfterMs / 1000)} s`,
  ) {
    super(message);
    this.name = 'RetryAfterError';
  }
}

/** Retrying cannot help (a malformed request, a chat that does not exist): park the job now. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
