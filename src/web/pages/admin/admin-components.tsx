/** Form fields and small pieces shared by the admin pages (labelled, with their errors, no JS needed). */
import type { ComponentChildren } from 'preact';
import { CsrfField, FormErrors, type StaffPageContext } from '../../staff-layout';
import { FilePicker } from '../../file-picker';
import { Section } from '../../card-section';
import { DataTable, type Column } from '../../staff-table';

export type FormErrorsMap = Record<string, string> | undefined;
export type FormValues = Record<string, string | undefined>;

/** "Activo/Inactivo"; `feminine` for offices and categories ("Activa/Inactiva"). */
export function StatusBadge({ page, active, feminine = false }: { page: StaffPageContext; active: boolean; feminine?: boolean }) {
  return active ? (
    <span class="badge text-bg-success">{page.t(feminine ? 'admin.status.activeF' : 'admin.status.active')}</span>
  ) : (
    <span class="badge text-bg-secondary">{page.t(feminine ? 'admin.status.inactiveF' : 'admin.status.inactive')}</span>
  );
}

export function Notice({ message }: { message: string | undefined }) {
  return message ? (
    <div class="alert alert-success" role="status">
      {message}
    </div>
  ) : null;
}

interface FieldProps {
  id: string;
  name?: string;
  label: string;
  errors: FormErrorsMap;
  /** The error key in `errors` when it differs from `name`. */
  errorKey?: string;
  help?: string;
  class?: string;
}

function describedBy(id: string, help: string | undefined, error: string | undefined): string | undefined {
  const ids = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldMessages({ id, help, error }: { id: string; help?: string; error?: string }) {
  return (
    <>
      {help ? (
        <div class="form-text" id={`${id}-help`}>
          {help}
        </div>
      ) : null}
      {error ? (
        <div class="invalid-feedback d-block" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </>
  );
}

/** A field's name in the form, and its error (by `errorKey` when given). */
function fieldState(props: FieldProps): { name: string; error: string | undefined } {
  const name = props.name ?? props.id;
  return { name, error: props.errors?.[props.errorKey ?? name] };
}

/** The column of a field: its label, the control (`children`), its help and its error. */
function LabelledField({ field, error, children }: { field: FieldProps; error: string | undefined; children: ComponentChildren }) {
  return (
    <div class={field.class ?? 'col-12 col-md-6'}>
      <label class="form-label" for={field.id}>
        {field.label}
      </label>
      {children}
      <FieldMessages id={field.id} help={field.help} error={error} />
    </div>
  );
}

export function TextField(
  props: FieldProps & { value?: string; type?: string; required?: boolean; maxLength?: number; minLength?: number; autocomplete?: string; inputMode?: string; pattern?: string },
) {
  const { name, error } = fieldState(props);
  return (
    <LabelledField field={props} error={error}>
      <input
        class={error ? 'form-control is-invalid' : 'form-control'}
        id={props.id}
        name={name}
        type={(props.type ?? 'text') as 'text'}
        value={props.value ?? ''}
        required={props.required}
        maxLength={props.maxLength}
        minLength={props.minLength}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode as never}
        pattern={props.pattern}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props.id, props.help, error)}
      />
    </LabelledField>
  );
}

export function SelectField(props: FieldProps & { value?: string; options: { value: string; label: string }[]; required?: boolean }) {
  const { name, error } = fieldState(props);
  return (
    <LabelledField field={props} error={error}>
      <select
        class={error ? 'form-select is-invalid' : 'form-select'}
        id={props.id}
        name={name}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props.id, props.help, error)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

/**
 * A labelled text area with its help below. `invalid` marks it (the form's errors are listed above
 * it) when it has no message of its own; `error` is its own message, shown below and announced.
 * Not wrapped: the caller places it (a `col-12`, a card's form).
 */
export function TextAreaField(props: {
  id: string;
  name?: string;
  label: string;
  value?: string;
  rows: number;
  required?: boolean;
  maxLength?: number;
  help?: string;
  /** When the help's id is not `${id}-help`. */
  helpId?: string;
  helpClass?: string;
  invalid?: boolean;
  error?: string;
  /** Classes besides `form-control` (`font-monospace`). */
  class?: string;
}) {
  const helpId = props.helpId ?? `${props.id}-help`;
  const invalid = props.invalid ?? Boolean(props.error);
  const base = props.class ? `form-control ${props.class}` : 'form-control';
  const described = [props.help ? helpId : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <>
      <label class="form-label" for={props.id}>
        {props.label}
      </label>
      <textarea
        class={invalid ? `${base} is-invalid` : base}
        id={props.id}
        name={props.name ?? props.id}
        rows={props.rows}
        required={props.required}
        maxLength={props.maxLength}
        aria-describedby={described || undefined}
        aria-invalid={invalid ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
      {props.help ? (
        <div class={props.helpClass ?? 'form-text'} id={helpId}>
          {props.help}
        </div>
      ) : null}
      {props.error ? (
        <div class="invalid-feedback d-block" id={`${props.id}-error`}>
          {props.error}
        </div>
      ) : null}
    </>
  );
}

export function CheckboxField(props: FieldProps & { checked: boolean }) {
  const { name, error } = fieldState(props);
  return (
    <div class={props.class ?? 'col-12'}>
      <div class="form-check">
        <input class="form-check-input" type="checkbox" id={props.id} name={name} value="1" checked={props.checked} aria-describedby={describedBy(props.id, props.help, error)} />
        <label class="form-check-label" for={props.id}>
          {props.label}
        </label>
        <FieldMessages id={props.id} help={props.help} error={error} />
      </div>
    </div>
  );
}

/** A card holding one table (a list of the page's things), scrolling sideways inside the card when it must. */
export function TableCard({
  label,
  title,
  id,
  columns,
  bodyClass,
  children,
  after,
}: {
  label: string;
  title?: string;
  id?: string;
  columns?: Column[];
  bodyClass?: string;
  children: ComponentChildren;
  after?: ComponentChildren;
}) {
  return (
    <section class="card mb-4" aria-labelledby={title ? id : undefined} aria-label={title ? undefined : label}>
      <div class="card-body">
        {title ? (
          <h2 class="h5" id={id}>
            {title}
          </h2>
        ) : null}
        <DataTable label={label} columns={columns} bodyClass={bodyClass}>
          {children}
        </DataTable>
        {after}
      </div>
    </section>
  );
}

/** The "Editar" button of a row, named for a screen reader by the thing it edits. */
export function EditButton({ page, href, name }: { page: StaffPageContext; href: string; name: string }) {
  return (
    <a class="btn btn-sm btn-outline-primary" href={href} aria-label={page.t('admin.editLabel', { name })}>
      {page.t('admin.edit')}
    </a>
  );
}

/** The top of a list page: its title, what it is for, and the notice of what was just done. */
export function ListHeading({ title, intro, notice }: { title: string; intro: ComponentChildren; notice?: string }) {
  return (
    <>
      <h1 class="h3">{title}</h1>
      <p class="text-secondary">{intro}</p>
      <Notice message={notice} />
    </>
  );
}

/** The top of an edit page: the way back to the list ("Volver" unless `backLabel`), and the title (`children`: what is edited). */
export function EditHeading({ page, back, backLabel, children }: { page: StaffPageContext; back: string; backLabel?: string; children: ComponentChildren }) {
  return (
    <>
      <p>
        <a href={back}>← {backLabel ?? page.t('admin.back')}</a>
      </p>
      <h1 class="h3">{children}</h1>
    </>
  );
}

/** The notice a list shows after a form redirected to it (`?done=created&name=…` or `?done=saved`). */
export function doneNotice(page: StaffPageContext, done: string | undefined, name: string | undefined): string | undefined {
  if (done === 'created') return page.t('admin.created', { name: name ?? '' });
  return done === 'saved' ? page.t('admin.saved') : undefined;
}

/** The submit button of a one-row form (search, filter, add), in a column of its own. */
export function SubmitColumn({ label, class: colClass = 'col-12 col-md-auto', button = 'btn btn-primary' }: { label: string; class?: string; button?: string }) {
  return (
    <div class={colClass}>
      <button type="submit" class={button}>
        {label}
      </button>
    </div>
  );
}

/**
 * A CSV import: the file is read by the `staff-import.js` client script and sent as text/csv with
 * the CSRF header (so it needs JavaScript, and says so without it); the result is shown below.
 * `data` holds the texts the script shows (`data-*` attributes of the form).
 */
export function CsvImportSection(props: { page: StaffPageContext; id: string; fileId: string; title: string; intro: string; endpoint: string; accept: string; data: Record<string, string> }) {
  const { page } = props;
  const { t } = page;
  const data = Object.fromEntries(Object.entries(props.data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <Section id={`${props.id}-title`} title={props.title}>
      <p class="text-secondary">{props.intro}</p>
      <noscript>
        <p class="alert alert-warning">{t('admin.import.needsJs')}</p>
      </noscript>
      <form
        id={props.id}
        class="row g-2 align-items-end"
        data-endpoint={props.endpoint}
        data-working={t('admin.import.working')}
        {...data}
        data-rejected-title={t('admin.import.rejectedTitle')}
        data-line={t('admin.import.line')}
        data-reason={t('admin.import.reason')}
        data-failed={t('admin.import.failed')}
      >
        <CsrfField page={page} />
        <div class="col-12 col-md-8">
          <label class="form-label" for={props.fileId}>
            {t('admin.import.file')}
          </label>
          <FilePicker page={page} id={props.fileId} name="file" accept={props.accept} required />
        </div>
        <SubmitColumn label={t('admin.import.submit')} />
      </form>
      <div id={`${props.id}-result`} class="mt-3" aria-live="polite" />
    </Section>
  );
}

/**
 * A card with a no-JavaScript form: heading, every error at once (named by `labels`), the CSRF
 * field, the fields, and the submit button.
 */
export function FormCard(props: {
  page: StaffPageContext;
  id: string;
  title: string;
  action: string;
  errors: FormErrorsMap;
  labels?: Record<string, string>;
  submit: string;
  submitClass?: string;
  /** Shown between the heading and the form. */
  intro?: ComponentChildren;
  /** Extra buttons or links beside the submit button. */
  actions?: ComponentChildren;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <Section id={props.id} title={props.title}>
      {props.intro}
      <FormErrors page={props.page} errors={props.errors} labels={props.labels} />
      <form method="post" action={props.action} class={props.class ?? 'row g-3'}>
        <CsrfField page={props.page} />
        {props.children}
        <div class="col-12 d-flex flex-wrap gap-2">
          <button type="submit" class={props.submitClass ?? 'btn btn-primary'}>
            {props.submit}
          </button>
          {props.actions}
        </div>
      </form>
    </Section>
  );
}
