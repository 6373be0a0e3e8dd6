/** The directory (LDAP / AD), when configured: reachable over the configured TLS, the service account binds, the base DN and the groups exist. */
import type { Config } from '../config/config';
import { LdapDirectory } from '../auth/directory/ldap-directory';
import { ok, problem, skipped, warning, type CheckResult } from './report';

const AREA = 'Directorio (LDAP/AD)';

export async function checkLdap(config: Config): Promise<CheckResult[]> {
  const ldap = config.ldap;
  if (!ldap) return [skipped(AREA, 'sin LDAP_URL: solo cuentas locales')];
  let found;
  try {
    found = await new LdapDirectory(ldap).check();
  } catch (err) {
    // The CA file could not be read.
    return [problem(AREA, `no se pudo preparar la conexión: ${err instanceof Error ? err.message : String(err)}`, 'revise LDAP_CA_FILE (ruta y permisos del certificado de la CA).')];
  }
  if (found.kind === 'unreachable') {
    return [
      problem(
        AREA,
        `no responde en ${ldap.url}: ${found.message}`,
        'revise LDAP_URL (host y puerto: 389 ldap://, 636 ldaps://), el cortafuegos, y que el certificado del servidor sea de la CA de LDAP_CA_FILE.',
      ),
    ];
  }
  if (found.kind === 'bind-refused') {
    return [problem(AREA, `el directorio rechazó la cuenta de servicio ${ldap.bindDn}`, 'revise LDAP_BIND_DN y LDAP_BIND_PASSWORD (la cuenta puede estar bloqueada o con la contraseña vencida).')];
  }
  const results = [ok(AREA, `${ldap.url} responde${ldap.bindDn ? ` y acepta la cuenta de servicio ${ldap.bindDn}` : ' (conexión anónima)'}`)];
  if (!found.baseFound)
    results.push(problem(AREA, `LDAP_BASE_DN ${ldap.baseDn} no existe (o la cuenta de servicio no puede verlo)`, 'copie el DN base exacto del directorio, p. ej. DC=institucion,DC=gob,DC=pe.'));
  for (const g of found.missingGroups)
    results.push(warning(AREA, `el grupo ${g} no existe (o la cuenta de servicio no puede verlo): nadie recibirá ese rol`, 'revise LDAP_ADMIN_GROUP y LDAP_TECHNICIAN_GROUP (DN completo del grupo).'));
  return results;
}
