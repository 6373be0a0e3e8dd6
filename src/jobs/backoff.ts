/** Exponential backoff with jitter, so jobs that failed together do not all retry together. */

export interface RetryPolicy {
  /** Delay before the second attempt. */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 2_000, maxMs: 10 * 60_000 };

/**
 * Delay after the `attempt`-th failed attempt (1-based): `base · 2^(attempt-1)`, capped, then
 * "equal jitter" — a random point in the upper half — so the delay still grows every time.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30));
  const capped = Math.min(policy.maxMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}
