/** Settings that are valid but wrong for a production server. */
import type { Config } from '../config/config';
import { ok, warning, type CheckResult } from './report';

const AREA = 'Configuración';

export function checkSettings(config: Config): CheckResult[] {
  const results: CheckResult[] = [];
  const production = config.nodeEnv === 'production';
  if (production && !config.publicBaseUrl.startsWith('https://')) {
    results.push(
      warning(
        AREA,
        `PUBLIC_BASE_URL=${config.publicBaseUrl} no usa https`,
        'con nginx y un certificado, ponga PUBLIC_BASE_URL=https://su-dominio: las cookies de sesión se marcan Secure y se envía HSTS.',
      ),
    );
  }
  if (production && config.demo) {
    results.push(warning(AREA, 'DEMO=1 en producción: se cargan datos y contraseñas de demostración en una base vacía', 'ponga DEMO=0 en /etc/itims/itims.env.'));
  }
  if (production && config.publicBaseUrl.startsWith('https://') && !config.trustProxy && (config.host === '127.0.0.1' || config.host === '::1')) {
    results.push(
      warning(
        AREA,
        'ITIMS escucha solo en la máquina (detrás de un proxy) pero TRUST_PROXY está apagado: todas las personas parecen venir de la dirección del proxy y comparten un solo límite de peticiones',
        'ponga TRUST_PROXY=1 (nginx en la misma máquina).',
      ),
    );
  }
  if (!results.length) results.push(ok(AREA, `válida (NODE_ENV=${config.nodeEnv}, ${config.publicBaseUrl})`));
  return results;
}
