/**
 * `/staff/admin/faqs`: the FAQ the assistant answers from — list, create, edit, (de)activate,
 * with a preview of the answer as the chat will show it ("Vista previa" re-renders the form with
 * it, before anything is saved). Plain forms: everything works without JavaScript.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { AppError } from '../../../core/errors';
import { listAllCategories } from '../../../categories/categories.repository';
import { assistantState } from '../../../assistant/assistant-state';
import { createFaq, FAQ_LIMITS, updateFaq } from '../../../assistant/commands/save-faq';
import { findFaq, listFaqs } from '../../../assistant/faqs.repository';
import { sendPage } from '../../render';
import { StaffLayout, formatDateTime, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { formCheckbox, formField, submitForm } from '../../staff-forms';
import { CheckboxField, EditButton, EditHeading, FormCard, Notice, SelectField, StatusBadge, TableCard, TextAreaField, TextField, type FormErrorsMap, type FormValues } from './admin-components';
import { ChatMarkdownView } from './chat-markdown-view';
import { Section } from '../../card-section';

const BASE = '/staff/admin/faqs';

function AnswerField({ page, value, errors }: { page: StaffPageContext; value: string | undefined; errors: FormErrorsMap }) {
  const { t } = page;
  return (
    <div class="col-12">
      <TextAreaField
        id="answer"
        label={t('assistant.admin.faqs.answer')}
        value={value}
        rows={10}
        required
        maxLength={FAQ_LIMITS.answer.max}
        help={t('assistant.admin.faqs.answerHelp')}
        error={errors?.answer}
      />
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
  return {
    question: values.question ?? '',
    answer: values.answer ?? '',
    keywords: values.keywords ?? '',
    // Not a category id: NaN, which the command names as an invalid category with the other fields.
    categoryId: raw ? (/^\d{1,9}$/.test(raw) ? Number(raw) : NaN) : null,
    active: values.active === '1',
    needsTicket: values.needsTicket === '1',
  };
}

const labelsOf = (page: StaffPageContext) => ({
  question: page.t('assistant.admin.faqs.question'),
  answer: page.t('assistant.admin.faqs.answer'),
  keywords: page.t('assistant.admin.faqs.keywords'),
  categoryId: page.t('assistant.admin.faqs.category'),
});

/** The answer as the chat will show it, from what is in the form (saved or not). */
function Preview({ page, values }: { page: StaffPageContext; values: FormValues }) {
  const { t } = page;
  return (
    <Section id="faq-preview-title" title={t('assistant.admin.faqs.preview')}>
      <p class="small text-secondary">{t('assistant.admin.faqs.previewHelp')}</p>
      <div class="faq-preview">
        <p class="fw-bold">{values.question}</p>
        <ChatMarkdownView markdown={values.answer ?? ''} />
      </div>
    </Section>
  );
}

export async function adminFaqPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock, onChange: () => assistantState(ctx).faqs.invalidate() });

  async function FaqEditor({ page, id, title, action, values, errors }: { page: StaffPageContext; id: string; title: string; action: string; values: FormValues; errors: FormErrorsMap }) {
    const { t } = page;
    const categories = await listAllCategories(ctx.database.db);
    const labels = labelsOf(page);
    return (
      <FormCard
        page={page}
        id={id}
        title={title}
        action={action}
        errors={errors}
        labels={labels}
        submit={t('assistant.admin.faqs.save')}
        actions={
          <>
            <button type="submit" name="intent" value="preview" class="btn btn-outline-primary" formNoValidate>
              {t('assistant.admin.faqs.previewOnly')}
            </button>
            <a class="btn btn-outline-secondary" href={BASE}>
              {t('assistant.admin.faqs.cancel')}
            </a>
          </>
        }
      >
        <TextField id="question" label={labels.question} value={values.question} errors={errors} required maxLength={FAQ_LIMITS.question.max} class="col-12" />
        <AnswerField page={page} value={values.answer} errors={errors} />
        <TextField
          id="keywords"
          label={labels.keywords}
          value={values.keywords}
          errors={errors}
          maxLength={FAQ_LIMITS.keywords.max}
          help={t('assistant.admin.faqs.keywordsHelp')}
          class="col-12 col-lg-8"
        />
        <SelectField
          id="categoryId"
          label={labels.categoryId}
          value={values.categoryId}
          errors={errors}
          class="col-12 col-lg-4"
          options={[{ value: '', label: t('assistant.admin.faqs.noCategory') }, ...categories.map((c) => ({ value: String(c.id), label: c.name }))]}
        />
        <CheckboxField id="active" label={t('assistant.admin.faqs.active')} checked={values.active === '1'} errors={errors} />
        <CheckboxField id="needsTicket" label={t('assistant.admin.faqs.needsTicket')} checked={values.needsTicket === '1'} errors={errors} />
      </FormCard>
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
          <a class="btn btn-primary" href={`${BASE}/new`}>
            {t('assistant.admin.faqs.new')}
          </a>
        </div>
        <p class="text-secondary">
          {t('assistant.admin.faqs.intro')} {t('assistant.admin.faqs.count', { active: faqs.filter((f) => f.active).length, total: faqs.length })}
        </p>
        <Notice message={notice} />
        {faqs.length === 0 ? (
          <p>{t('assistant.admin.faqs.empty')}</p>
        ) : (
          <TableCard
            label={t('assistant.admin.faqs.title')}
            columns={[t('assistant.admin.faqs.question'), t('assistant.admin.faqs.category'), t('assistant.admin.faqs.status'), t('assistant.admin.faqs.updated'), t('assistant.admin.faqs.actions')]}
          >
            {faqs.map((f) => (
              <tr class={f.active ? undefined : 'text-secondary'}>
                <td>{f.question}</td>
                <td>{f.categoryName ?? '—'}</td>
                <td>
                  <StatusBadge page={page} active={f.active} feminine />
                </td>
                <td class="text-nowrap">{formatDateTime(page, f.updatedAt)}</td>
                <td>
                  <EditButton page={page} href={`${BASE}/${f.id}`} name={f.question} />
                </td>
              </tr>
            ))}
          </TableCard>
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
        <EditHeading page={page} back={BASE} backLabel={t('assistant.admin.faqs.cancel')}>
          {t('assistant.admin.faqs.new')}
        </EditHeading>
        <div class="row g-4">
          <div class="col-12 col-xl-7">{await FaqEditor({ page, id: 'faq-new', title: t('assistant.admin.faqs.new'), action: BASE, values, errors })}</div>
          <div class="col-12 col-xl-5">{values.answer ? <Preview page={page} values={values} /> : null}</div>
        </div>
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
        <EditHeading page={page} back={BASE} backLabel={t('assistant.admin.faqs.cancel')}>
          {t('assistant.admin.faqs.edit')}
        </EditHeading>
        <Notice message={state.notice} />
        <div class="row g-4">
          <div class="col-12 col-xl-7">{await FaqEditor({ page, id: 'faq-edit', title: faq.question, action: `${BASE}/${id}`, values, errors: state.errors })}</div>
          <div class="col-12 col-xl-5">
            <Preview page={page} values={values} />
          </div>
        </div>
      </StaffLayout>,
      status,
    );
  }

  /** "Vista previa": the form again with the typed answer shown as the chat will show it; nothing is saved. */
  const wantsPreview = (body: unknown) => formField(body, 'intent') === 'preview';

  const guarded = { preHandler: requireAdmin, schema: { hide: true } };

  app.get(BASE, guarded, async (request, reply) => renderList(request, reply));

  app.get(`${BASE}/new`, guarded, async (request, reply) => renderNew(request, reply));

  app.post(BASE, guarded, async (request, reply) => {
    const values = readForm(request.body);
    if (wantsPreview(request.body)) return renderNew(request, reply, values);
    return submitForm(reply, request.locale, () => createFaq(deps(), toInput(values)), {
      redirectTo: (created) => `${BASE}/${created.id}?done=saved`,
      rerender: (errors, status) => renderNew(request, reply, values, errors, status),
    });
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(`${BASE}/:id`, guarded, async (request, reply) => {
    const notice = request.query.done === 'saved' ? staffPageContext(request).t('assistant.admin.faqs.saved') : undefined;
    return renderEdit(request, reply, Number(request.params.id), { notice });
  });

  app.post<{ Params: { id: string } }>(`${BASE}/:id`, guarded, async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id)) throw new AppError('FAQ_NOT_FOUND');
    const values = readForm(request.body);
    if (wantsPreview(request.body)) return renderEdit(request, reply, id, { values });
    return submitForm(reply, request.locale, () => updateFaq(deps(), id, toInput(values)), {
      redirectTo: () => `${BASE}/${id}?done=saved`,
      rerender: (errors, status) => renderEdit(request, reply, id, { values, errors }, status),
    });
  });
}
