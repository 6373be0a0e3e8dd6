/**
 * The home page: the ticket form. Without JavaScript it works in two steps — "Verificar DNI"
 * posts the form and the page comes back with the person's name and office and everything
 * typed so far — and "Enviar ticket" files it. `web/client/portal.ts` looks the DNI up as it is
 * typed, counts characters and guards against double submits; the hidden idempotency key makes
 * a repeated post return the same ticket anyway.
 */
import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../../core/errors';
import type { MessageKey } from '../../../i18n';
import { DESCRIPTION_MAX } from '../../../tickets/commands/create-ticket';
import { Layout } from '../../layout';
import { PasteCutNote } from '../../paste-cut';
import { LabelText } from '../../label-text';
import type { PageContext } from '../../render';
import type { TicketFormField, TicketFormValues } from './ticket-form-input';
import { AttachmentField, type KeptAttachment } from '../../attachments-view';
import { OfflineFormTexts, OutboxPanel } from '../../offline/offline-components';
import { DniInputGroup } from './dni-field';

export interface FoundPerson {
  displayName: string;
  office: string;
}

export interface FormNotice {
  message: string;
  link?: { href: string; label: string };
}

export interface HomePageProps {
  page: PageContext;
  categories: { id: number; name: string }[];
  values: TicketFormValues;
  errors: FieldErrors;
  person: FoundPerson | null;
  notice: FormNotice | null;
  idempotencyKey: string;
  /** Files of a refused post of this form, kept as uploads (their ids ride in hidden fields). */
  kept?: KeptAttachment[];
  /** Why the files of the last post were refused (type, size, too many). */
  attachmentError?: string | null;
  /** Open major incidents, above everything (`incidents-notice.tsx`). */
  banner?: ComponentChildren;
  /** Right after the person's name and office: "¿Es por esto?" with "Sumarme" (`incidents-notice.tsx`). */
  afterDni?: ComponentChildren;
  /** A field after the DNI (the asset picker, `asset-picker.tsx`), and its script. */
  afterPerson?: { node: ComponentChildren; script: string };
  /** Components of the `homeExtras` slot (e.g. the assistant), and their scripts. */
  extras: ComponentChildren[];
  scripts: string[];
}

const FIELD_LABELS: Record<TicketFormField, MessageKey> = {
  dni: 'portal.form.dni',
  categoryId: 'portal.form.category',
  description: 'portal.form.description',
  contactPhone: 'portal.form.phone',
};
const FIELD_ORDER: TicketFormField[] = ['dni', 'categoryId', 'description', 'contactPhone'];

const cls = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');
const describedBy = (...ids: (string | false | null | undefined)[]) => ids.filter(Boolean).join(' ');

export function PersonCard({ page, person }: { page: PageContext; person: FoundPerson }) {
  return (
    <p class="person-card mb-0">
      <span class="person-label">{page.t('portal.form.personName')}:</span> <strong>{person.displayName}</strong>
      <br />
      <span class="person-label">{page.t('portal.form.personOffice')}:</span> <strong>{person.office}</strong>
    </p>
  );
}

export function HomePage(props: HomePageProps) {
  const { page, categories, values, errors, person, notice, idempotencyKey, extras, scripts, afterPerson, kept, attachmentError, banner, afterDni } = props;
  const { t } = page;
  const message = (field: TicketFormField) => {
    const e = errors[field];
    return e ? t(e.key, e.params) : null;
  };
  const invalid = FIELD_ORDER.filter((f) => errors[f]);
  const dniError = message('dni');
  const categoryError = message('categoryId');
  const descriptionError = message('description');
  const phoneError = message('contactPhone');
  const length = values.description.length;

  const form = (
    <>
      <h1 class="h3">{t('portal.home.title')}</h1>
      <p class="text-secondary">{t('portal.home.intro')}</p>
      {notice && (
        <div class="alert alert-danger" role="alert" id="form-notice">
          <p class="mb-0">{notice.message}</p>
          {notice.link && (
            <a class="alert-link" href={notice.link.href}>
              {notice.link.label}
            </a>
          )}
        </div>
      )}
      {invalid.length > 0 && (
        <div class="alert alert-danger" role="alert" id="form-errors" tabIndex={-1}>
          <p class="fw-semibold mb-1">{t('portal.form.errorSummary')}</p>
          <ul class="mb-0">
            {invalid.map((f) => (
              <li>
                <a class="alert-link" href={`#${f}`}>
                  {t(FIELD_LABELS[f])}
                </a>
                : {message(f)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <OutboxPanel page={page} />
      <OfflineFormTexts page={page} />
      <form id="ticket-form" class="card card-body shadow-sm" method="post" action="/tickets" enctype="multipart/form-data" data-attachments="" noValidate>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        {/* The service worker keeps a post it cannot send; this says in which language to answer it later. */}
        <input type="hidden" name="pageLanguage" value={page.locale} />
        {/* Enter in a field "clicks" the form's first submit button. Without this one, that is "Verificar
            DNI", so Enter in the phone field looked the DNI up instead of sending. The server sends the
            form when anything besides the DNI is filled in, and looks the DNI up otherwise. */}
        <button id="ticket-enter" type="submit" name="action" value="enter" class="visually-hidden" tabIndex={-1} aria-hidden="true">
          {t('portal.form.submit')}
        </button>
        <div class="mb-3">
          <DniInputGroup page={page} value={values.dni} error={dniError} describedBy={describedBy('dni-help', dniError && 'dni-error', 'dni-status')}>
            <button id="dni-lookup" class="btn btn-outline-primary" type="submit" name="action" value="lookup" formNoValidate>
              {t('portal.form.lookup')}
            </button>
          </DniInputGroup>
          <div id="dni-help" class="form-text">
            {t('portal.form.dniHelp')}
          </div>
          <div
            id="dni-status"
            class="dni-status"
            role="status"
            aria-live="polite"
            data-name-label={t('portal.form.personName')}
            data-office-label={t('portal.form.personOffice')}
            data-looking={t('portal.form.lookingUp')}
            data-failed={t('portal.form.lookupFailed')}
            data-timeout={t('portal.form.lookupTimeout')}
            data-offline={t('portal.form.lookupOffline')}
          >
            {person && <PersonCard page={page} person={person} />}
          </div>
        </div>
        {afterDni}
        {afterPerson?.node}
        <div class="mb-3">
          <label class="form-label fw-semibold" for="categoryId">
            {t('portal.form.category')}
          </label>
          <select
            id="categoryId"
            name="categoryId"
            class={cls('form-select', categoryError && 'is-invalid')}
            required
            aria-invalid={categoryError ? 'true' : undefined}
            aria-describedby={categoryError ? 'categoryId-error' : undefined}
          >
            <option value="">{t('portal.form.categoryChoose')}</option>
            {categories.map((c) => (
              <option value={String(c.id)} selected={values.categoryId === String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
          {categoryError && (
            <div id="categoryId-error" class="invalid-feedback">
              {categoryError}
            </div>
          )}
          {categories.length === 0 && <p class="form-text text-danger mb-0">{t('portal.form.noCategories')}</p>}
        </div>
        <div class="mb-3">
          <label class="form-label fw-semibold" for="description">
            {t('portal.form.description')}
          </label>
          <textarea
            id="description"
            name="description"
            class={cls('form-control', descriptionError && 'is-invalid')}
            rows={5}
            maxLength={DESCRIPTION_MAX}
            data-paste-cut="description-cut"
            required
            aria-invalid={descriptionError ? 'true' : undefined}
            aria-describedby={describedBy(descriptionError && 'description-error', 'description-help', 'description-counter')}
          >
            {values.description}
          </textarea>
          {descriptionError && (
            <div id="description-error" class="invalid-feedback">
              {descriptionError}
            </div>
          )}
          <div class="d-flex flex-wrap justify-content-between column-gap-3">
            <div id="description-help" class="form-text">
              {t('portal.form.descriptionHelp')}
            </div>
            <div id="description-counter" class="form-text text-nowrap" data-template={t('portal.form.counter', { max: DESCRIPTION_MAX })}>
              {t('portal.form.counter', { count: length, max: DESCRIPTION_MAX })}
            </div>
          </div>
          <PasteCutNote page={page} id="description-cut" max={DESCRIPTION_MAX} message={t('portal.form.pasteCut', { max: DESCRIPTION_MAX })} />
        </div>
        <div class="mb-3">
          <label class="form-label fw-semibold" for="contactPhone">
            <LabelText text={t('portal.form.phone')} />
          </label>
          <input
            id="contactPhone"
            name="contactPhone"
            type="tel"
            class={cls('form-control', phoneError && 'is-invalid')}
            value={values.contactPhone}
            inputMode="tel"
            autoComplete="tel"
            maxLength={30}
            aria-invalid={phoneError ? 'true' : undefined}
            aria-describedby={describedBy(phoneError && 'contactPhone-error', 'contactPhone-help')}
          />
          {phoneError && (
            <div id="contactPhone-error" class="invalid-feedback">
              {phoneError}
            </div>
          )}
          <div id="contactPhone-help" class="form-text">
            {t('portal.form.phoneHelp')}
          </div>
        </div>
        <div class="mb-4">
          <AttachmentField page={page} id="attachments" kept={kept} error={attachmentError} strongLabel />
        </div>
        <button id="ticket-submit" class="btn btn-primary btn-lg w-100" type="submit" name="action" value="submit" data-submitting={t('portal.form.submitting')}>
          {t('portal.form.submit')}
        </button>
      </form>
    </>
  );

  return (
    <Layout page={page} title={t('portal.home.title')} scripts={['portal.js', 'attachments.js', ...(afterPerson ? [afterPerson.script] : []), ...scripts]}>
      {banner}
      <div class="row g-4 justify-content-center">
        {extras.length > 0 && (
          // Slot `homeExtras` (e.g. the assistant): above the form on a phone, beside it on a wide screen.
          <aside class="col-lg-5 order-lg-last home-extras" aria-label={t('portal.assistant.heading')}>
            {extras}
          </aside>
        )}
        <div class={extras.length > 0 ? 'col-lg-7' : 'col-lg-8 col-xl-7'}>{form}</div>
      </div>
    </Layout>
  );
}
