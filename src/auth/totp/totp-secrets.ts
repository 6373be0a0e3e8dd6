/**
 * TOTP secrets at rest: sealed with the installation's key (secret-box.ts) when written, opened
 * when a code is checked, and — for databases from before encryption — sealed at every start
 * (`npm start`, `npm run upgrade`): a migration cannot do it, since migrations never read the
 * configuration. Sealing is idempotent and safe with several instances starting at once (each
 * value is replaced only if it is still the plaintext that was read).
 */
import type { Config } from '../../config/config';
import type { Executor } from '../../db/database';
import { existingSecretBox, isSealed, secretBoxFor, type SecretBox, type SecretKeySource } from '../secret-box';
import { anySealedTotpSecret, listStoredTotpSecrets, replaceStoredTotpSecret } from './totp.repository';

export interface TotpSecretDeps {
  db: Executor;
  secretKey: Config['secretKey'];
}

/** Whose secret a sealed value is: a value copied onto another account does not open there. */
export const totpOwner = (userId: number): string => `totp:${userId}`;

/** The box for TOTP secrets (503 SECRET_KEY_MISSING when the key is gone but sealed secrets exist). */
export async function totpBox(deps: TotpSecretDeps): Promise<SecretBox> {
  return (await secretBoxFor({ secretKey: deps.secretKey }, () => anySealedTotpSecret(deps.db))).box;
}

export interface SealReport {
  /** Plaintext secrets (confirmed or pending) sealed now. */
  sealed: number;
  /** Sealed secrets this key does not open: a wrong ITIMS_SECRET_KEY (those accounts get 503 SECRET_KEY_WRONG). */
  unreadable: number;
  /** Accounts with a secret or a pending one. */
  accounts: number;
  /** Where the key came from; null when no account has a second factor (no key was needed). */
  source: SecretKeySource | null;
}

/**
 * Seals every plaintext secret, and counts the sealed ones this key cannot open. Throws
 * AppError SECRET_KEY_MISSING when sealed secrets exist and the key is gone.
 */
export async function sealStoredTotpSecrets(deps: TotpSecretDeps): Promise<SealReport> {
  const rows = await listStoredTotpSecrets(deps.db);
  if (!rows.length) return { sealed: 0, unreadable: 0, accounts: 0, source: null };
  const { box, source } = await secretBoxFor({ secretKey: deps.secretKey }, () => anySealedTotpSecret(deps.db));
  let sealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    const owner = totpOwner(row.userId);
    for (const column of ['totp_secret', 'totp_pending_secret'] as const) {
      const stored = column === 'totp_secret' ? row.secret : row.pendingSecret;
      if (stored === null) continue;
      if (isSealed(stored)) {
        if (!box.opens(stored, owner)) unreadable++;
        continue;
      }
      if (await replaceStoredTotpSecret(deps.db, row.userId, column, stored, box.seal(stored, owner))) sealed++;
    }
  }
  return { sealed, unreadable, accounts: rows.length, source };
}

/**
 * What `npm run doctor` reports, changing nothing: how many stored secrets are still plaintext,
 * and how many sealed ones the configured key does not open (or that no key is there at all).
 */
export async function inspectStoredTotpSecrets(deps: TotpSecretDeps): Promise<{ accounts: number; plaintext: number; unreadable: number; keyMissing: boolean; source: SecretKeySource | null }> {
  const rows = await listStoredTotpSecrets(deps.db);
  let found: ReturnType<typeof existingSecretBox>;
  try {
    found = existingSecretBox({ secretKey: deps.secretKey });
  } catch {
    found = null;
  }
  let plaintext = 0;
  let unreadable = 0;
  for (const row of rows) {
    for (const stored of [row.secret, row.pendingSecret]) {
      if (stored === null) continue;
      if (!isSealed(stored)) plaintext++;
      else if (!found?.box.opens(stored, totpOwner(row.userId))) unreadable++;
    }
  }
  return { accounts: rows.length, plaintext, unreadable, keyMissing: found === null, source: found?.source ?? null };
}

/**
 * Sealing at start-up (`npm start`, `npm run upgrade`), told in one line for the operator: what
 * was sealed, or what is wrong with the key. Never throws: a key problem must not keep the help
 * desk from starting (requesters still file tickets; accounts without a second factor still sign
 * in), and the accounts it affects get a clear 503 at sign-in instead.
 */
export async function sealTotpSecretsAtStart(deps: TotpSecretDeps): Promise<{ ok: boolean; message: string | null }> {
  let report: SealReport;
  try {
    report = await sealStoredTotpSecrets(deps);
  } catch (err) {
    const missing = err instanceof Error && 'code' in err && err.code === 'SECRET_KEY_MISSING';
    if (!missing) throw err;
    return {
      ok: false,
      message:
        `Falta la clave de cifrado (ITIMS_SECRET_KEY, o el archivo ${deps.secretKey.file}) con la que se cifraron los segundos factores: ` +
        'quien tenga la verificación en dos pasos activada no podrá entrar (503 SECRET_KEY_MISSING) hasta que se restablezca. Restaure el archivo desde su respaldo o defina ITIMS_SECRET_KEY.',
    };
  }
  if (report.unreadable > 0) {
    return {
      ok: false,
      message:
        `${report.unreadable} segundo(s) factor(es) no se pueden abrir con la clave de cifrado actual (${report.source?.kind === 'env' ? 'ITIMS_SECRET_KEY' : deps.secretKey.file}): ` +
        'no es la clave con la que se cifraron. Esas cuentas recibirán 503 SECRET_KEY_WRONG al entrar hasta que se ponga la clave correcta (o un administrador les reinicie el segundo factor).',
    };
  }
  if (report.sealed > 0) {
    const where =
      report.source?.kind === 'file'
        ? `la clave de ${deps.secretKey.file}${report.source.created ? ', creada ahora: inclúyala en sus respaldos, aparte de la base de datos' : ''}`
        : 'ITIMS_SECRET_KEY';
    return { ok: true, message: `${report.sealed} secreto(s) TOTP guardados en claro se cifraron con ${where}.` };
  }
  return { ok: true, message: null };
}
