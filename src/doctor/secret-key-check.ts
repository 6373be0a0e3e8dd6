/**
 * The installation key that seals the TOTP secrets (ITIMS_SECRET_KEY or its file): present when
 * anyone has a second factor, and the one that sealed them; no secret left in plaintext.
 * Creates nothing (a missing key file is made by the server at the first enrolment).
 */
import type { Config } from '../config/config';
import { createDatabase, type Database } from '../db/database';
import { inspectStoredTotpSecrets } from '../auth/totp/totp-secrets';
import { ok, problem, skipped, warning, type CheckResult } from './report';

const AREA = 'Clave de cifrado (segundo factor)';

export async function checkSecretKey(config: Config): Promise<CheckResult[]> {
  let database: Database | null = null;
  try {
    database = createDatabase(config.databaseUrl);
    const found = await inspectStoredTotpSecrets({ db: database.db, secretKey: config.secretKey });
    const where = config.secretKey.value !== null ? 'ITIMS_SECRET_KEY' : `el archivo ${config.secretKey.file}`;
    if (found.accounts === 0) {
      return [
        found.keyMissing
          ? skipped(AREA, `nadie tiene la verificación en dos pasos; la clave se creará en ${config.secretKey.file} con la primera activación`)
          : ok(AREA, `${where}; nadie tiene aún la verificación en dos pasos`),
      ];
    }
    if (found.keyMissing && found.unreadable > 0) {
      return [
        problem(
          AREA,
          `falta la clave (${where}) y ${found.unreadable} segundo(s) factor(es) están cifrados con ella`,
          `restaure ${config.secretKey.file} desde su respaldo o defina ITIMS_SECRET_KEY con la clave de siempre; sin ella esas cuentas no pueden entrar (503 SECRET_KEY_MISSING).`,
        ),
      ];
    }
    if (found.unreadable > 0) {
      return [
        problem(
          AREA,
          `${found.unreadable} segundo(s) factor(es) no se abren con ${where}: no es la clave con que se cifraron`,
          'ponga la clave correcta (la misma en todas las instancias y en el worker); si se perdió, un administrador reinicia el segundo factor de esas cuentas y cada persona lo vuelve a activar.',
        ),
      ];
    }
    if (found.plaintext > 0) {
      return [warning(AREA, `${found.plaintext} secreto(s) TOTP siguen guardados sin cifrar`, 'inicie ITIMS (o ejecute npm run upgrade): se cifran al arrancar.')];
    }
    return [ok(AREA, `${where} abre los ${found.accounts} segundo(s) factor(es) guardados`)];
  } catch (err) {
    return [skipped(AREA, `no se pudo revisar: ${err instanceof Error ? err.message : String(err)}`)];
  } finally {
    await database?.close();
  }
}
