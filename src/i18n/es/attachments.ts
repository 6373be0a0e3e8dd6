/** Adjuntos: errores, avisos y textos de los formularios y páginas que los muestran. */
export const attachments = {
  'error.ATTACHMENT_TYPE': 'Ese tipo de archivo no se admite. Adjunte una foto (JPEG, PNG, WebP o HEIC) o un documento PDF.',
  'error.ATTACHMENT_TOO_LARGE': 'El archivo pesa más de {mb} MB. Adjunte uno más liviano (una foto tomada con el celular suele servir).',
  'error.ATTACHMENTS_TOO_MANY': 'Puede adjuntar como máximo {max} archivos.',
  'error.ATTACHMENT_CORRUPT': 'La imagen está dañada o incompleta y no se puede abrir. Vuelva a tomar la foto o adjunte otra.',
  'error.ATTACHMENT_UNKNOWN': 'Uno de los adjuntos ya no está disponible (se usó en otro ticket o pasó más de un día). Vuelva a adjuntarlo.',
  'error.ATTACHMENT_NOT_FOUND': 'Ese adjunto no existe en este ticket.',
  'attachment.typeAllowed': 'Solo se admiten fotos JPEG, PNG, WebP o HEIC y documentos PDF (se reconocen por su contenido, no por su nombre).',
  'attachment.heicUnsupported':
    'Este servidor no puede leer fotos HEIC. Envíela como JPEG: en el iPhone, Ajustes > Cámara > Formatos > «Más compatible», o adjúntela desde el navegador del celular, que la convierte.',
  'attachment.corrupt': 'La imagen está dañada o incompleta.',
  'attachment.tooMany': 'Como máximo {max} archivos.',
  'attachment.tooLarge': 'Como máximo {mb} MB por archivo.',
  'attachment.unknown': 'Adjunto desconocido, ya usado o vencido.',
  'attachment.field': 'Adjuntar fotos o PDF (opcional, hasta 3)',
  'attachment.help': 'Una foto de la pantalla con el error ayuda mucho. Las fotos se reducen antes de enviarse.',
  'attachment.list': 'Adjuntos',
  'attachment.sending': 'Enviando… {percent} %',
  'attachment.shrinking': 'Preparando las fotos…',
  'tg.attachmentsOne': '📎 1 archivo adjunto (véalo en el ticket)',
  'tg.attachments': '📎 {count} archivos adjuntos (véalos en el ticket)',
  'attachment.download': 'Descargar {name}',
} as const;
