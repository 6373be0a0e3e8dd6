/**
 * `/staff/admin/assistant`: the models of CHAT_MODELS in the order they are tried, with their
 * availability (parked after a 404 or repeated failures), last error and last good answer; the
 * system prompt shared by every model, editable, with "reset to default".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { readSetting } from '../../../settings/settings';
import { DEFAULT_SYSTEM_PROMPT } from '../../../assistant/prompt';
import { listModelStates } from '../../../assistant/llm/llm-models.repository';
import { isCoolingDown } from '../../../assistant/llm/rotation';
import { resetSystemPrompt, retryModel, setSystemPrompt, SYSTEM_PROMPT_MAX } from '../../../assistant/commands/set-system-prompt';
import { sendPage } from '../../render';
import { PostButton } from '../../post-button';
import { CsrfField, FormErrors, StaffLayout, formatDateTime, staffPageContext } from '../../staff-layout';
import { formField, submitForm } from '../../staff-forms';
import { Notice, TextAreaField, type FormErrorsMap } from './admin-components';
import { DataTable } from '../../staff-table';
import { Section } from '../../card-section';

const BASE = '/staff/admin/assistant';

export async function adminAssistantPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock });

  async function render(request: FastifyRequest, reply: FastifyReply, state: { notice?: string; prompt?: string; errors?: FormErrorsMap } = {}, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const { llm } = ctx.config;
    const now = ctx.clock();
    const states = new Map((await listModelStates(ctx.database.db)).map((s) => [s.model, s]));
    const custom = await readSetting(ctx.database.db, 'assistant.systemPrompt');
    const prompt = state.prompt ?? (custom || DEFAULT_SYSTEM_PROMPT);
    const promptError = state.errors?.prompt;
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('assistant.admin.assistant.title')}>
        <h1 class="h3">{t('assistant.admin.assistant.title')}</h1>
        <p>
          <a href="/staff/admin/faqs">{t('assistant.admin.assistant.faqsLink')}</a>
        </p>
        <Notice message={state.notice} />
        {llm.apiKey ? null : (
          <div class="alert alert-warning" role="status" id="assistant-no-key">
            <p class="mb-1">{t('assistant.admin.assistant.noKey')}</p>
            <p class="mb-0">{t('assistant.admin.assistant.noKeyHow')}</p>
          </div>
        )}
        <Section id="assistant-models" title={t('assistant.admin.assistant.models')}>
          <p class="text-secondary small">{t('assistant.admin.assistant.endpoint', { url: llm.baseUrl })}</p>
          <DataTable
            class="table table-sm align-middle mb-0"
            columns={[
              '#',
              t('assistant.admin.assistant.model'),
              t('assistant.admin.assistant.state'),
              t('assistant.admin.assistant.failures'),
              t('assistant.admin.assistant.lastError'),
              t('assistant.admin.assistant.lastSuccess'),
              t('admin.actions'),
            ]}
          >
            {llm.models.map((model, i) => {
              const s = states.get(model);
              const parked = isCoolingDown(s, now);
              return (
                <tr>
                  <td>{i + 1}</td>
                  <td>
                    <code>{model}</code>
                  </td>
                  <td>
                    {!llm.apiKey ? (
                      <span class="badge text-bg-secondary">{t('assistant.admin.assistant.off')}</span>
                    ) : parked ? (
                      <span class="badge text-bg-warning">{t('assistant.admin.assistant.unavailableUntil', { time: formatDateTime(page, s!.unavailableUntil!) })}</span>
                    ) : (
                      <span class="badge text-bg-success">{t('assistant.admin.assistant.available')}</span>
                    )}
                  </td>
                  <td>{s?.consecutiveFailures ?? 0}</td>
                  <td class="small text-break">{s?.lastError ?? '—'}</td>
                  <td class="text-nowrap">{s?.lastSuccessAt ? formatDateTime(page, s.lastSuccessAt) : t('assistant.admin.assistant.never')}</td>
                  <td>
                    {llm.apiKey && (parked || (s?.consecutiveFailures ?? 0) > 0) ? (
                      <PostButton
                        page={page}
                        action={`${BASE}/models/retry`}
                        fields={{ model }}
                        label={t('assistant.admin.assistant.retry')}
                        ariaLabel={`${t('assistant.admin.assistant.retry')}: ${model}`}
                      />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </Section>
        <Section id="assistant-prompt" title={t('assistant.admin.assistant.prompt')}>
          {llm.apiKey ? null : <p class="small text-secondary">{t('assistant.admin.assistant.promptUnused')}</p>}
          {custom ? null : <p class="small text-secondary">{t('assistant.admin.assistant.usingDefault')}</p>}
          <FormErrors page={page} errors={state.errors} labels={{ prompt: t('assistant.admin.assistant.prompt') }} />
          <form method="post" action={`${BASE}/prompt`} class="mb-3">
            <CsrfField page={page} />
            <TextAreaField
              id="prompt"
              label={t('assistant.admin.assistant.prompt')}
              value={prompt}
              rows={14}
              maxLength={SYSTEM_PROMPT_MAX}
              help={t('assistant.admin.assistant.promptHelp')}
              error={promptError}
              class="prompt-editor"
            />
            <button type="submit" class="btn btn-primary mt-3">
              {t('assistant.admin.assistant.save')}
            </button>
          </form>
          <PostButton page={page} action={`${BASE}/prompt/reset`} label={t('assistant.admin.assistant.reset')} class="btn btn-outline-secondary" />
        </Section>
      </StaffLayout>,
      status,
    );
  }

  const guarded = { preHandler: requireAdmin, schema: { hide: true } };

  app.get<{ Querystring: { done?: string } }>(BASE, guarded, async (request, reply) => {
    const { t } = staffPageContext(request);
    const done = request.query.done;
    const notice =
      done === 'saved' ? t('assistant.admin.assistant.saved') : done === 'reset' ? t('assistant.admin.assistant.resetDone') : done === 'retry' ? t('assistant.admin.assistant.modelReset') : undefined;
    return render(request, reply, { notice });
  });

  app.post(`${BASE}/prompt`, guarded, async (request, reply) => {
    const prompt = formField(request.body, 'prompt');
    // Saving the default text unchanged keeps following the built-in default.
    const value = prompt.replace(/\r\n?/g, '\n').trim() === DEFAULT_SYSTEM_PROMPT.trim() ? '' : prompt;
    return submitForm(reply, request.locale, () => setSystemPrompt(deps(), value), {
      redirectTo: () => `${BASE}?done=saved`,
      rerender: (errors, status) => render(request, reply, { prompt, errors }, status),
    });
  });

  app.post(`${BASE}/prompt/reset`, guarded, async (_request, reply) => {
    await resetSystemPrompt(deps());
    return reply.redirect(`${BASE}?done=reset`, 303);
  });

  app.post(`${BASE}/models/retry`, guarded, async (request, reply) => {
    await retryModel(deps(), formField(request.body, 'model').slice(0, 120));
    return reply.redirect(`${BASE}?done=retry`, 303);
  });
}
