import type { attachments as es } from '../es/attachments';

export const attachments: Record<keyof typeof es, string> = {
  'error.ATTACHMENT_TYPE': 'That file type is not accepted. Attach a photo (JPEG, PNG, WebP or HEIC) or a PDF document.',
  'error.ATTACHMENT_TOO_LARGE': 'The file is larger than {mb} MB. Attach a smaller one (a phone photo usually is).',
  'error.ATTACHMENTS_TOO_MANY': 'You can attach at most {max} files.',
  'error.ATTACHMENT_CORRUPT': 'The image is damaged or incomplete and cannot be opened. Take the photo again or attach another one.',
  'error.ATTACHMENT_UNKNOWN': 'One of the attachments is no longer available (used by another ticket or older than a day). Attach it again.',
  'error.ATTACHMENT_NOT_FOUND': 'This ticket has no such attachment.',
  'attachment.typeAllowed': 'Only JPEG, PNG, WebP or HEIC photos and PDF documents are accepted (recognised by their content, not their name).',
  'attachment.heicUnsupported':
    'This server cannot read HEIC photos. Send it as JPEG: on an iPhone, Settings > Camera > Formats > "Most Compatible", or attach it from the phone\'s browser, which converts it.',
  'attachment.corrupt': 'The image is damaged or incomplete.',
  'attachment.tooMany': 'At most {max} files.',
  'attachment.tooLarge': 'At most {mb} MB per file.',
  'attachment.unknown': 'Unknown, already used or expired attachment.',
  'attachment.field': 'Attach photos or PDFs (optional, up to 3)',
  'attachment.help': 'A photo of the screen with the error helps a lot. Photos are shrunk before they are sent.',
  'attachment.list': 'Attachments',
  'attachment.sending': 'Sending… {percent} %',
  'attachment.shrinking': 'Preparing the photos…',
  'tg.attachmentsOne': '📎 1 attachment (see the ticket)',
  'tg.attachments': '📎 {count} attachments (see the ticket)',
  'attachment.download': 'Download {name}',
  'attachment.sent': 'Done',
  'attachment.failed': 'The file could not be sent. Check the connection and try again.',
  'attachment.kept': 'Already attached (they go with the form):',
};
