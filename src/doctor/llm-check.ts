/** The assistant's model endpoint answers with the configured key (one tiny request per model, in order). */
import type { Config } from '../config/config';
import { createChatClient } from '../assistant/llm/chat-client';
import { ok, problem, skipped, warning, type CheckResult } from './report';

const AREA = 'Asistente (modelo de lenguaje)';

export async function checkLlm(config: Config): Promise<CheckResult[]> {
  const { apiKey, baseUrl, models, timeoutMs } = config.llm;
  if (!apiKey) return [skipped(AREA, 'sin OPENROUTER_API_KEY: el asistente responde solo con las preguntas frecuentes')];
  const client = createChatClient({ baseUrl, apiKey, maxTokens: 5 });
  const failures: string[] = [];
  for (const model of models) {
    // No personal data: a fixed question.
    const attempt = await client.complete(model, [{ role: 'user', content: 'Responda solo: OK' }], timeoutMs);
    if (attempt.ok) {
      if (!failures.length) return [ok(AREA, `${model} responde en ${baseUrl}`)];
      return [warning(AREA, `${model} responde; antes fallaron ${failures.join('; ')}`, 'quite de CHAT_MODELS los modelos que ya no existen (404) para no perder tiempo en ellos.')];
    }
    if (attempt.kind === 'unauthorized') {
      return [problem(AREA, `${baseUrl} rechazó la clave (${attempt.detail})`, 'revise OPENROUTER_API_KEY (https://openrouter.ai/keys o la clave de su servidor de modelos).')];
    }
    failures.push(`${model}: ${attempt.detail}`);
  }
  return [
    problem(
      AREA,
      `ningún modelo respondió: ${failures.join('; ')}`,
      `compruebe que este servidor llegue a ${baseUrl} y que los modelos de CHAT_MODELS existan; mientras tanto el asistente responde con las preguntas frecuentes.`,
    ),
  ];
}
