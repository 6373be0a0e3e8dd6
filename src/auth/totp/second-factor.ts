/**
 * The second step of signing in: a TOTP code (or one recovery code) for an account with a
 * confirmed second factor. Wrong codes are throttled exactly like passwords (the same guard, on
 * the pair "second factor of this account" + client address: 5 wrong codes in 15 minutes lock
 * that pair for 15 minutes, 429 TOTP_LOCKED); a code's 30-second step is claimed once, so a
 * code seen over someone's shoulder, or sent twice at once, works only once.
 */
import { AppError } from '../../core/errors';
import { guardedPasswordCheck, type PasswordGuardDeps } from '../password-guard';
import { sha256Hex } from '../secrets';
import { claimTotpStep, findTotpState, useRecoveryCode } from './totp.repository';
import { looksLikeTotpCode, normalizeRecoveryCode, verifyTotpCode } from './totp';

/** The lock-out key of an account's second factor (not a username anyone can type). */
export const secondFactorKey = (userId: number): string => `#totp:${userId}`;

export async function checkSecondFactor(deps: PasswordGuardDeps, user: { id: number; totpEnabled: boolean }, given: string | undefined, ip: string): Promise<void> {
  if (!user.totpEnabled) return;
  const code = (given ?? '').trim();
  if (!code) throw new AppError('TOTP_REQUIRED');
  let ok: boolean;
  try {
    ok = await guardedPasswordCheck(deps, { username: secondFactorKey(user.id), ip }, async () => {
      const state = await findTotpState(deps.db, user.id);
      if (!state?.secret) return false;
      const now = deps.clock();
      if (looksLikeTotpCode(code)) {
        const step = verifyTotpCode(state.secret, code, now, state.lastStep);
        return step !== null && (await claimTotpStep(deps.db, user.id, step));
      }
      if (code.length > 40) return false;
      return useRecoveryCode(deps.db, user.id, sha256Hex(normalizeRecoveryCode(code)), now);
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'LOGIN_LOCKED') throw new AppError('TOTP_LOCKED', err.params, undefined, err.headers);
    throw err;
  }
  if (!ok) throw new AppError('TOTP_INVALID');
}
