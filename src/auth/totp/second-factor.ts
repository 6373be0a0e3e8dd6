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
import type { Config } from '../../config/config';
import { claimTotpStep, findTotpState, useRecoveryCode } from './totp.repository';
import { looksLikeTotpCode, normalizeRecoveryCode, verifyTotpCode } from './totp';
import { totpBox, totpOwner } from './totp-secrets';

const isKeyProblem = (err: unknown): boolean => err instanceof AppError && (err.code === 'SECRET_KEY_MISSING' || err.code === 'SECRET_KEY_WRONG');

/** The lock-out key of an account's second factor (not a username anyone can type). */
export const secondFactorKey = (userId: number): string => `#totp:${userId}`;

export async function checkSecondFactor(
  deps: PasswordGuardDeps & { secretKey: Config['secretKey'] },
  user: { id: number; totpEnabled: boolean },
  given: string | undefined,
  ip: string,
): Promise<void> {
  if (!user.totpEnabled) return;
  const code = (given ?? '').trim();
  if (!code) throw new AppError('TOTP_REQUIRED');
  let ok: boolean;
  try {
    ok = await guardedPasswordCheck(
      deps,
      { username: secondFactorKey(user.id), ip },
      async () => {
        const state = await findTotpState(deps.db, user.id);
        if (!state?.secret) return false;
        const now = deps.clock();
        if (looksLikeTotpCode(code)) {
          // A wrong or missing key is the server's fault, not a guess: 503, and the attempt is not counted.
          const secret = (await totpBox(deps)).open(state.secret, totpOwner(user.id));
          const step = verifyTotpCode(secret, code, now, state.lastStep);
          return step !== null && (await claimTotpStep(deps.db, user.id, step));
        }
        if (code.length > 40) return false;
        return useRecoveryCode(deps.db, user.id, sha256Hex(normalizeRecoveryCode(code)), now);
      },
      isKeyProblem,
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'LOGIN_LOCKED') throw new AppError('TOTP_LOCKED', err.params, undefined, err.headers);
    throw err;
  }
  if (!ok) throw new AppError('TOTP_INVALID');
}
