/**
 * Attachments on the pages: the list of a ticket's or a message's files (photos as thumbnails that
 * open the full image, PDFs as download links) and the file field of a form. The field is a plain
 * `<input type=file multiple name=attachments>` (behind a page-language button, see file-picker.tsx) inside a multipart form, so it works without
 * JavaScript; `client/attachments.ts` shrinks photos in the browser and uploads them with progress
 * (the texts it shows come from the data attributes rendered here, in the page's language).
 */
import { MAX_ATTACHMENTS } from '../attachments/attach-files';
import type { AttachmentView } from '../attachments/presenters';
import type { PageContext } from './render';
import { FilePicker } from './file-picker';
import { LabelText } from './label-text';

/** What the field accepts; the server recognises the type by content anyway. */
export const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif,application/pdf';

export function formatBytes(bytes: number, locale: string): string {
  const format = (n: number, digits: number) => n.toLocaleString(locale === 'en' ? 'en-GB' : 'es-PE', { maximumFractionDigits: digits });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024, 0)} KB`;
  return `${format(bytes / 1024 / 1024, 1)} MB`;
}

export function AttachmentList({ page, attachments, class: className }: { page: PageContext; attachments: readonly AttachmentView[]; class?: string }) {
  if (!attachments.length) return null;
  const { t } = page;
  return (
    <ul class={`attachment-list list-unstyled d-flex flex-wrap gap-2 mb-0 ${className ?? ''}`} aria-label={t('attachment.list')}>
      {attachments.map((a) =>
        a.type.startsWith('image/') ? (
          <li class="attachment-item">
            <a href={a.url} target="_blank" rel="noopener" class="d-block text-decoration-none">
              <img src={a.url} alt={a.name} loading="lazy" width={120} height={90} class="attachment-thumb rounded border" />
              <span class="d-block small text-truncate attachment-name">{a.name}</span>
            </a>
          </li>
        ) : (
          <li class="attachment-item attachment-file">
            <a href={a.url} download={a.name} class="btn btn-outline-secondary btn-sm" aria-label={t('attachment.download', { name: a.name })}>
              📄 {a.name} <span class="text-secondary">({formatBytes(a.size, page.locale)})</span>
            </a>
          </li>
        ),
      )}
    </ul>
  );
}

export interface KeptAttachment {
  id: string;
  name: string;
  size: number;
}

/**
 * The file field of a form. `kept`: files of an earlier post of the same form that was refused
 * (stored as uploads, carried as `attachmentIds`), so the person does not attach them again.
 */
/** `strongLabel`: the label weighs as its form's other labels (the portal's filing form has bold labels). */
export function AttachmentField({ page, id, kept = [], error, strongLabel }: { page: PageContext; id: string; kept?: readonly KeptAttachment[]; error?: string | null; strongLabel?: boolean }) {
  const { t } = page;
  const room = MAX_ATTACHMENTS - kept.length;
  return (
    <div
      class="attachment-field mb-2"
      data-attachment-field=""
      data-max-files={String(room)}
      data-shrinking={t('attachment.shrinking')}
      data-sending={t('attachment.sending')}
      data-sent={t('attachment.sent')}
      data-too-many={t('attachment.tooMany', { max: MAX_ATTACHMENTS })}
      data-failed={t('attachment.failed')}
    >
      {kept.map((k) => (
        <input type="hidden" name="attachmentIds" value={k.id} />
      ))}
      {kept.length > 0 && (
        <p class="small mb-1 attachment-kept">
          {t('attachment.kept')} {kept.map((k) => `${k.name} (${formatBytes(k.size, page.locale)})`).join(', ')}
        </p>
      )}
      {room > 0 && (
        <>
          <label class={strongLabel ? 'form-label fw-semibold' : 'form-label'} for={id}>
            <LabelText text={t('attachment.field')} />
          </label>
          <FilePicker page={page} id={id} name="attachments" multiple accept={ACCEPTED_TYPES} invalid={Boolean(error)} describedBy={`${id}-help ${id}-status`} />
          {error && <div class="invalid-feedback">{error}</div>}
          <div class="form-text" id={`${id}-help`}>
            {t('attachment.help')}
          </div>
        </>
      )}
      <ul class="list-unstyled small mb-0 attachment-status" id={`${id}-status`} aria-live="polite"></ul>
    </div>
  );
}
