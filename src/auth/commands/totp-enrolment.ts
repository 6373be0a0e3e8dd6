/**
 * Turning the second factor on: `startTotpEnrolment` makes a new secret (kept as pending, so a
 * half-done enrolment never locks anyone out) and `confirmTotpEnrolment` checks the first code
 * from the phone, switches the factor on and hands out ten single-use recovery codes, shown
 * once (only their SHA-256 is kept).
 */
import { AppError } from '../../core/errors';
import type { Clock } from '../../core/context';
import type { Executor } from '../../db/database';
import type { Actor } from '../actor';
import { recordAccountEvent } from '../account-events.repository';
import { sha256Hex } from '../secrets';
import { newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, otpauthUrl, verifyTotpCode } from '../totp/totp';
import { confirmTotpSecret, findTotpState, replaceRecoveryCodes, setPendingTotpSecret } from '../totp/totp.repository';
import { totpBox, totpOwner } from '../totp/totp-secrets';
import type { Config } from '../../config/config';

export interface TotpDeps {
  db: Executor;
  clock: Clock;
  actor: Actor;
  /** The installation's key: secrets are stored sealed (AES-256-GCM), never in plaintext. */
  secretKey: Config['secretKey'];
}

/** 409 TOTP_ALREADY_ENROLLED once the factor is on (an admin resets it first). */
export async function startTotpEnrolment(deps: TotpDeps): Promise<{ secret: string; otpauthUrl: string }> {
  const state = await findTotpState(deps.db, deps.actor.userId);
  if (!state) throw new AppError('UNAUTHENTICATED');
  if (state.secret) throw new AppError('TOTP_ALREADY_ENROLLED');
  const secret = newTotpSecret();
  const box = await totpBox(deps);
  await setPendingTotpSecret(deps.db, deps.actor.userId, box.seal(secret, totpOwner(deps.actor.userId)), deps.clock());
  return { secret, otpauthUrl: otpauthUrl(secret, deps.actor.username) };
}

/** The pending secret, for showing the QR code again (null when there is none). */
export async function pendingEnrolment(deps: TotpDeps): Promise<{ secret: string; otpauthUrl: string } | null> {
  const state = await findTotpState(deps.db, deps.actor.userId);
  if (!state?.pendingSecret || state.secret) return null;
  const secret = (await totpBox(deps)).open(state.pendingSecret, totpOwner(deps.actor.userId));
  return { secret, otpauthUrl: otpauthUrl(secret, deps.actor.username) };
}

/** 409 TOTP_NOT_STARTED without a pending secret, 422 on `code` when it is wrong. */
export async function confirmTotpEnrolment(deps: TotpDeps, input: { code: string }): Promise<{ recoveryCodes: string[] }> {
  const state = await findTotpState(deps.db, deps.actor.userId);
  if (!state) throw new AppError('UNAUTHENTICATED');
  if (state.secret) throw new AppError('TOTP_ALREADY_ENROLLED');
  if (!state.pendingSecret) throw new AppError('TOTP_NOT_STARTED');
  const now = deps.clock();
  const pending = (await totpBox(deps)).open(state.pendingSecret, totpOwner(deps.actor.userId));
  const step = verifyTotpCode(pending, input.code, now, null);
  if (step === null) throw new AppError('VALIDATION_FAILED', undefined, { code: { key: 'field.totpCode' } });
  if (!(await confirmTotpSecret(deps.db, deps.actor.userId, state.pendingSecret, step, now))) throw new AppError('TOTP_NOT_STARTED');
  const recoveryCodes = newRecoveryCodes();
  await replaceRecoveryCodes(
    deps.db,
    deps.actor.userId,
    recoveryCodes.map((c) => sha256Hex(normalizeRecoveryCode(c))),
    now,
  );
  await recordAccountEvent(deps.db, { at: now, userId: deps.actor.userId, actorUserId: deps.actor.userId, type: 'totp.enrolled', detail: null });
  return { recoveryCodes };
}
