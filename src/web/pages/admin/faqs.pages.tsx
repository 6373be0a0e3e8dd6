/**
 * `/staff/admin/faqs`: the FAQ the assistant answers from — list, create, edit, (de)activate,
 * with a safe preview of the Markdown answer (raw HTML escaped, only http/https/mailto links).
 * Plain forms: everything works without JavaScript.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { AppError } from '../../../core/errors';
import { listAllCategories } from '../../../categories/categories.repository';
import { assistantState } from '../../../assistant/assistant-state';
import { createFaq, FAQ_LIMITS, updateFaq } from '../../../assistant/commands/save-faq';
import { findFaq, listFaqs } from '../../../assistant/faqs.repository';
import { renderMarkdown } from '../../../assistant/markdown';
import { sendPage } from '../../render';
import { CsrfField, FormErrors, StaffLayout, formatDateTime, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { attempt, formCheckbox, formField } from '../../staff-forms';
import { CheckboxField, Notice, Section, SelectField, StatusBadge, TextField, type FormErrorsMap, type FormValues } from './admin-components';

const BASE = '/staff/admin/faqs';

function AnswerField({ page, value, errors }: { page: StaffPageContext; value: string | undefined; errors: FormErrorsMap }) {
  const { t } = page;
  const error = errors?.answer;
  return (
    <div class="col-12">
      <label class="form-label" for="answer">{t('assistant.admin.faqs.answer')}</label>
      <textarea
        class={error ? 'form-control is-invalid' : 'form-control'}
        id="answer"
        name="answer"
        rows={10}
        required
        maxLength={FAQ_LIMITS.answer.max}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'answer-help answer-error' : 'answer-help'}
      >
        {value ?? ''}
      </textarea>
      <div class="form-text" id="answer-help">{t('assistant.admin.faqs.answerHelp')}</div>
      {error ? <div class="invalid-feedback d-block" id="answer-error">{error}</div> : null}
    </div>
  );
}

function readForm(body: unknown): FormValues {
  return {
    question: formField(body, 'question'),
    answer: formField(body, 'answer'),
    keywords: formField(body, 'keywords'),
    categoryId: formField(body, 'categoryId'),
    active: formCheckbox(body, 'active') ? '1' : '',
    needsTicket: formCheckbox(body, 'needsTicket') ? '1' : '',
  };
}

function toInput(values: FormValues) {
  const raw = values.categoryId ?? '';
  if (raw && !/^\d{1,9}$/.test(raw)) throw new AppError('VALIDATION_FAILED', undefined, { categoryId: { key: 'field.invalid' } });
  return {
    question: values.question ?? '',
    answer: values.answer ?? '',
    keywords: values.keywords ?? '',
    categoryId: raw ? Number(raw) : null,
    active: values.active === '1',
    needsTicket: values.needsTicket === '1',
  };
}

export async function adminFaqPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock, onChange: () => assistantState(ctx).faqs.invalidate() });

  async function FaqForm({ page, action, values, errors, submit }: { page: StaffPageContext; action: string; values: FormValues; errors: FormErrorsMap; submit: string }) {
    const { t } = page;
    const categories = await listAllCategories(ctx.database.db);
    return (
      <form method="post" action={action} class="row g-3">
        <CsrfField page={page} />
        <TextField id="question" label={t('assistant.admin.faqs.question')} value={values.question} errors={errors} required maxLength={FAQ_LIMITS.question.max} class="col-12" />
        <AnswerField page={page} value={values.answer} errors={errors} />
        <TextField id="keywords" label={t('assistant.admin.faqs.keywords')} value={values.keywords} errors={errors} maxLength={FAQ_LIMITS.keywords.max} help={t('assistant.admin.faqs.keywordsHelp')} class="col-12 col-lg-8" />
        <SelectField
          id="categoryId"
          label={t('assistant.admin.faqs.category')}
          value={values.categoryId}
          errors={errors}
          class="col-12 col-lg-4"
          options={[{ value: '', label: t('assistant.admin.faqs.noCategory') }, ...categories.map((c) => ({ value: String(c.id), label: c.name }))]}
        />
        <CheckboxField id="active" label={t('assistant.admin.faqs.active')} checked={values.active === '1'} errors={errors} />
        <CheckboxField id="needsTicket" label={t('assistant.admin.faqs.needsTicket')} checked={values.needsTicket === '1'} errors={errors} />
        <div class="col-12 d-flex flex-wrap gap-2">
          <button type="submit" class="btn btn-primary">{submit}</button>
          <a class="btn btn-outline-secondary" href={BASE}>{t('assistant.admin.faqs.cancel')}</a>
        </div>
      </form>
    );
  }

  async function renderList(request: FastifyRequest, reply: FastifyReply, notice?: string) {
    const page = staffPageContext(request);
    const { t } = page;
    const faqs = await listFaqs(ctx.database.db);
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('assistant.admin.faqs.title')}>
        <div class="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-2">
          <h1 class="h3 mb-0">{t('assistant.admin.faqs.title')}</h1>
          <a class="btn btn-primary" href={`${BASE}/new`}>{t('assistant.admin.faqs.new')}</a>
        </div>
        <p class="text-secondary">
          {t('assistant.admin.faqs.intro')} {t('assistant.admin.faqs.count', { active: faqs.filter((f) => f.active).length, total: faqs.length })}
        </p>
        <Notice message={notice} />
        {faqs.length === 0 ? (
          <p>{t('assistant.admin.faqs.empty')}</p>
        ) : (
          <div class="card">
            <div class="card-body table-responsive">
              <table class="table table-sm table-hover align-middle mb-0">
                <caption class="visually-hidden">{t('assistant.admin.faqs.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('assistant.admin.faqs.question')}</th>
                    <th scope="col">{t('assistant.admin.faqs.category')}</th>
                    <th scope="col">{t('assistant.admin.faqs.status')}</th>
                    <th scope="col">{t('assistant.admin.faqs.updated')}</th>
                    <th scope="col">{t('assistant.admin.faqs.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {faqs.map((f) => (
                    <tr class={f.active ? undefined : 'text-secondary'}>
                      <td>{f.question}</td>
                      <td>{f.categoryName ?? '—'}</td>
                      <td><StatusBadge page={page} active={f.active} feminine /></td>
                      <td class="text-nowrap">{formatDateTime(page, f.updatedAt)}</td>
                      <td>
                        <a class="btn btn-sm btn-outline-primary" href={`${BASE}/${f.id}`} aria-label={t('admin.editLabel', { name: f.question })}>
                          {t('admin.edit')}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </StaffLayout>,
    );
  }

  async function renderNew(request: FastifyRequest, reply: FastifyReply, values: FormValues = { active: '1' }, errors?: FormErrorsMap, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('assistant.admin.faqs.new')}>
        <p><a href={BASE}>← {t('assistant.admin.faqs.cancel')}</a></p>
        <h1 class="h3">{t('assistant.admin.faqs.new')}</h1>
        <Section id="faq-new" title={t('assistant.admin.faqs.new')}>
          <FormErrors page={page} errors={errors} />
          {await FaqForm({ page, action: BASE, values, errors, submit: t('assistant.admin.faqs.previewButton') })}
        </Section>
      </StaffLayout>,
      status,
    );
  }

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, id: number, state: { values?: FormValues; errors?: FormErrorsMap; notice?: string } = {}, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const faq = Number.isInteger(id) ? await findFaq(ctx.database.db, id) : null;
    if (!faq) throw new AppError('FAQ_NOT_FOUND');
    const values = state.values ?? {
      question: faq.question,
      answer: faq.answer,
      keywords: faq.keywords,
      categoryId: faq.categoryId ? String(faq.categoryId) : '',
      active: faq.active ? '1' : '',
      needsTicket: faq.needsTicket ? '1' : '',
    };
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('assistant.admin.faqs.edit')}>
        <p><a href={BASE}>← {t('assistant.admin.faqs.cancel')}</a></p>
        <h1 class="h3">{t('assistant.admin.faqs.edit')}</h1>
        <Notice message={state.notice} />
        <div class="row g-4">
          <div class="col-12 col-xl-7">
            <Section id="faq-edit" title={faq.question}>
              <FormErrors page={page} errors={state.errors} />
              {await FaqForm({ page, action: `${BASE}/${id}`, values, errors: state.errors, submit: t('assistant.admin.faqs.previewButton') })}
            </Section>
          </div>
          <div class="col-12 col-xl-5">
            <section aria-labelledby="faq-preview-title">
              <h2 class="h5" id="faq-preview-title">{t('assistant.admin.faqs.preview')}</h2>
              <div class="faq-preview">
                <p class="fw-bold">{faq.question}</p>
                {/* renderMarkdown escapes raw HTML and keeps only http/https/mailto links. */}
                <div dangerouslySetInnerHTML={{ __html: renderMarkdown(faq.answer) }} />
              </div>
            </section>
          </div>
        </div>
      </StaffLayout>,
      status,
    );
  }

  const guarded = { preHandler: requireAdmin, schema: { hide: true } };

  app.get(BASE, guarded, async (request, reply) => renderList(request, reply));

  app.get(`${BASE}/new`, guarded, async (request, reply) => renderNew(request, reply));

  app.post(BASE, guarded, async (request, reply) => {
    const values = readForm(request.body);
    const result = await attempt(request.locale, async () => createFaq(deps(), toInput(values)));
    if (!result.ok) return renderNew(request, reply, values, result.errors, result.status);
    return reply.redirect(`${BASE}/${result.value.id}?done=saved`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(`${BASE}/:id`, guarded, async (request, reply) => {
    const notice = request.query.done === 'saved' ? staffPageContext(request).t('assistant.admin.faqs.saved') : undefined;
    return renderEdit(request, reply, Number(request.params.id), { notice });
  });

  app.post<{ Params: { id: string } }>(`${BASE}/:id`, guarded, async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id)) throw new AppError('FAQ_NOT_FOUND');
    const values = readForm(request.body);
    const result = await attempt(request.locale, async () => updateFaq(deps(), id, toInput(values)));
    if (!result.ok) {
      if (result.status === 404) throw new AppError('FAQ_NOT_FOUND');
      return renderEdit(request, reply, id, { values, errors: result.errors }, result.status);
    }
    return reply.redirect(`${BASE}/${id}?done=saved`, 303);
  });
}
