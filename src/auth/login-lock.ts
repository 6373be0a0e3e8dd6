/**
 * The lock-out rule, as a pure function: after 5 failed sign-ins for one username from one
 * address within 15 minutes, that pair is refused for 15 minutes after the last failure.
 * Refused attempts are not recorded, so waiting always ends the lock.
 */
export const LOCK_AFTER_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

/** Milliseconds the pair stays locked (0 = not locked), from the recent failures, newest first. */
export function lockRemainingMs(failuresNewestFirst: number[], now: number): number {
  if (failuresNewestFirst.length < LOCK_AFTER_FAILURES) return 0;
  const newest = failuresNewestFirst[0]!;
  const fifth = failuresNewestFirst[LOCK_AFTER_FAILURES - 1]!;
  if (newest - fifth > FAILURE_WINDOW_MS) return 0;
  return Math.max(0, newest + LOCK_MS - now);
}
