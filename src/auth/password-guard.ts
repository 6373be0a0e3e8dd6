/**
 * "Check the lock, verify the password, record the result" as one step per username and client
 * address, across every process sharing the database (issue 13, finding 5). Holding a database
 * lock during the password hash would stall every writer on SQLite, so each attempt first
 * *reserves* its place: it records itself as a failure, then looks at the other recorded
 * attempts. An attempt that finds the pair already locked by the others withdraws its row and is
 * refused; one that does not is verified, and its row stays as a failure or is cleared on success.
 * Because every reservation is committed before it looks, the N-th concurrent attempt sees at
 * least N-1 others: at most `LOCK_AFTER_FAILURES` guesses are ever evaluated per window, however
 * many requests race (before: 186 of 201). Racing attempts may be refused more eagerly than the
 * same attempts one by one (each withdraws when it sees the others first), never less.
 */
import { AppError } from '../core/errors';
import type { Clock } from '../core/context';
import type { DialectName, Executor } from '../db/database';
import { clearLoginFailures, deleteLoginAttempt, deleteLoginFailuresBefore, recentLoginFailures, reserveLoginAttempt } from './login-attempts.repository';
import { FAILURE_WINDOW_MS, LOCK_AFTER_FAILURES, LOCK_MS, lockRemainingMs } from './login-lock';

export interface PasswordGuardDeps {
  db: Executor;
  dialect: DialectName;
  clock: Clock;
}

/**
 * Runs `verify` unless the pair is locked (429 LOGIN_LOCKED). Returns what `verify` answered; a
 * false answer is recorded as a failure, a true one clears the pair's failures.
 */
export async function guardedPasswordCheck(
  deps: PasswordGuardDeps,
  pair: { username: string; ip: string },
  verify: () => Promise<boolean>,
  /** Errors of `verify` that are no guess (the directory is down): the attempt is withdrawn, not counted. */
  notAGuess: (err: unknown) => boolean = () => false,
): Promise<boolean> {
  const { db } = deps;
  const now = deps.clock();
  const attemptId = await reserveLoginAttempt(db, deps.dialect, pair.username, pair.ip, now);
  const others = await recentLoginFailures(db, pair.username, pair.ip, now - FAILURE_WINDOW_MS - LOCK_MS, LOCK_AFTER_FAILURES, attemptId);
  const locked = lockRemainingMs(others, now);
  if (locked > 0) {
    // Refused attempts are not recorded, so waiting always ends the lock.
    await deleteLoginAttempt(db, attemptId);
    throw new AppError('LOGIN_LOCKED', { minutes: Math.ceil(locked / 60_000) }, undefined, { 'Retry-After': String(Math.ceil(locked / 1000)) });
  }
  let ok = false;
  try {
    ok = await verify();
  } catch (err) {
    if (notAGuess(err)) await deleteLoginAttempt(db, attemptId);
    throw err;
  } finally {
    // A verification that threw (database down) keeps its reservation: it counts as a failure.
    if (ok) await clearLoginFailures(db, pair.username, pair.ip);
    else await deleteLoginFailuresBefore(db, now - 24 * 3600_000);
  }
  return ok;
}
