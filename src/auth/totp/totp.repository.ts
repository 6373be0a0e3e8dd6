/**
 * The second factor's rows: the secret on `users` (as stored: sealed by secret-box.ts, or a
 * plaintext one from before encryption), the hashed recovery codes.
 */
import type { Executor } from '../../db/database';

export interface TotpState {
  /** Stored forms; open them with the installation's SecretBox. */
  secret: string | null;
  pendingSecret: string | null;
  lastStep: number | null;
}

export async function findTotpState(db: Executor, userId: number): Promise<TotpState | null> {
  const r = await db.selectFrom('users').select(['totp_secret', 'totp_pending_secret', 'totp_last_step']).where('id', '=', userId).executeTakeFirst();
  return r ? { secret: r.totp_secret, pendingSecret: r.totp_pending_secret, lastStep: r.totp_last_step === null ? null : Number(r.totp_last_step) } : null;
}

export async function setPendingTotpSecret(db: Executor, userId: number, secret: string, now: number): Promise<void> {
  await db.updateTable('users').set({ totp_pending_secret: secret, updated_at: now }).where('id', '=', userId).execute();
}

/** Confirms the pending secret (only if it is still the one checked, as stored) and records the step used. */
export async function confirmTotpSecret(db: Executor, userId: number, secret: string, step: number, now: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_secret: secret, totp_pending_secret: null, totp_enabled_at: now, totp_last_step: step, updated_at: now })
    .where('id', '=', userId)
    .where('totp_pending_secret', '=', secret)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Records `step` as used, only if it is later than the last used one: of two requests racing with
 * the same code, one wins and the other is a replay.
 */
export async function claimTotpStep(db: Executor, userId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function clearTotp(db: Executor, userId: number, now: number): Promise<void> {
  await db.updateTable('users').set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: now }).where('id', '=', userId).execute();
  await db.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(db: Executor, userId: number, hashes: string[], now: number): Promise<void> {
  await db.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('totp_recovery_codes')
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now, used_at: null })))
    .execute();
}

/** Spends one unused recovery code; false when it is unknown or already used (also under a race). */
export async function useRecoveryCode(db: Executor, userId: number, hash: string, now: number): Promise<boolean> {
  const r = await db.updateTable('totp_recovery_codes').set({ used_at: now }).where('user_id', '=', userId).where('code_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: number): Promise<number> {
  const r = await db
    .selectFrom('totp_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether any account holds a sealed secret (a key that could not open it must then not be made up). */
export async function anySealedTotpSecret(db: Executor): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('totp_secret', 'like', 'v1.%'), eb('totp_pending_secret', 'like', 'v1.%')]))
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export interface StoredTotpSecrets {
  userId: number;
  secret: string | null;
  pendingSecret: string | null;
}

/** Every account with a secret or a pending one (a few hundred staff at most). */
export async function listStoredTotpSecrets(db: Executor): Promise<StoredTotpSecrets[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'totp_secret', 'totp_pending_secret'])
    .where((eb) => eb.or([eb('totp_secret', 'is not', null), eb('totp_pending_secret', 'is not', null)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ userId: r.id, secret: r.totp_secret, pendingSecret: r.totp_pending_secret }));
}

/** Replaces a stored secret only if it is still `from` (a sign-in or an enrolment may have changed it meanwhile). */
export async function replaceStoredTotpSecret(db: Executor, userId: number, column: 'totp_secret' | 'totp_pending_secret', from: string, to: string): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ [column]: to })
    .where('id', '=', userId)
    .where(column, '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
