/** How an attachment appears in API answers; the same shape wherever it is listed. */
import type { AttachmentRecord } from './attachments.repository';

export interface AttachmentView {
  id: string;
  name: string;
  type: string;
  size: number;
  url: string;
}

export const attachmentUrl = (code: string, id: string): string => `/api/v1/tickets/${code}/attachments/${id}`;

export const presentAttachment = (code: string, a: Pick<AttachmentRecord, 'id' | 'name' | 'type' | 'size'>): AttachmentView => ({
  id: a.id,
  name: a.name,
  type: a.type,
  size: a.size,
  url: attachmentUrl(code, a.id),
});

/** `inline` for images (shown in the pages), `attachment` for PDFs; the name in ASCII and in UTF-8. */
export function contentDisposition(name: string, type: string): string {
  const kind = type === 'application/pdf' ? 'attachment' : 'inline';
  const ascii =
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\;]/g, '_') || 'adjunto';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
