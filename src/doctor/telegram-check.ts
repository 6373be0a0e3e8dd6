/** The bot token works (getMe) and updates reach ITIMS the way TELEGRAM_MODE says (getWebhookInfo). */
import type { Config } from '../config/config';
import { TelegramClient } from '../notifications/telegram/telegram-client';
import { WEBHOOK_PATH } from '../notifications/telegram/webhook.routes';
import { ok, problem, skipped, warning, type CheckResult } from './report';

const AREA = 'Telegram';

export async function checkTelegram(config: Config): Promise<CheckResult[]> {
  const { botToken, apiRoot, mode } = config.telegram;
  if (!botToken) return [skipped(AREA, 'desactivado (sin TELEGRAM_BOT_TOKEN): solo avisos dentro de ITIMS')];
  const client = new TelegramClient({ botToken, apiRoot, timeoutSeconds: 10 });
  let username: string;
  try {
    username = await client.username();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const refused = /401|404|Unauthorized|Not Found/i.test(message);
    return [
      problem(
        AREA,
        `getMe falló en ${apiRoot}: ${message}`,
        refused
          ? 'el token no es válido: cópielo de nuevo desde @BotFather (/mybots → API Token) a TELEGRAM_BOT_TOKEN.'
          : `este servidor no llega a ${apiRoot}: revise la salida a internet (HTTPS, puerto 443), el proxy o el cortafuegos de la institución.`,
      ),
    ];
  }
  const results = [ok(AREA, `bot @${username} responde (getMe)`)];
  let info;
  try {
    info = await client.webhookInfo();
  } catch (err) {
    results.push(problem(AREA, `getWebhookInfo falló: ${err instanceof Error ? err.message : String(err)}`, `revise la salida a internet hacia ${apiRoot}.`));
    return results;
  }
  const expected = `${config.publicBaseUrl}${WEBHOOK_PATH}`;
  if (mode === 'polling') {
    if (info.url) {
      results.push(
        problem(
          AREA,
          `modo polling, pero Telegram tiene un webhook registrado (${info.url}): los botones no llegarán`,
          'inicie ITIMS (lo borra al arrancar en modo polling) o ponga TELEGRAM_MODE=webhook si ese es su dominio.',
        ),
      );
    } else {
      results.push(ok(AREA, `modo polling, sin webhook registrado (${info.pendingUpdates} actualizaciones esperando)`));
    }
  } else if (!info.url) {
    results.push(warning(AREA, 'modo webhook, pero aún no hay webhook registrado', 'ITIMS lo registra al arrancar: inicie itims-web y vuelva a ejecutar npm run doctor.'));
  } else if (info.url !== expected) {
    results.push(problem(AREA, `el webhook apunta a ${info.url}, no a ${expected}`, 'revise PUBLIC_BASE_URL y reinicie itims-web (registra el webhook al arrancar).'));
  } else if (info.lastError && info.lastErrorAt && Date.now() - info.lastErrorAt < 24 * 3600_000) {
    results.push(
      problem(
        AREA,
        `Telegram no pudo entregar al webhook: ${info.lastError}`,
        'compruebe desde internet que https://su-dominio/telegram/webhook llega a nginx (certificado válido, puerto 443 abierto) y que TELEGRAM_WEBHOOK_SECRET sea el mismo en todas las instancias.',
      ),
    );
  } else {
    results.push(ok(AREA, `webhook ${info.url} (${info.pendingUpdates} actualizaciones esperando)`));
  }
  return results;
}
