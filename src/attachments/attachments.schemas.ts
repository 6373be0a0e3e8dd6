/** TypeBox schemas of attachments, as listed on tickets, notes and messages and as uploaded. */
import { Type } from '@sinclair/typebox';
import { MAX_ATTACHMENTS } from './attach-files';

const AttachmentType = Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png'), Type.Literal('image/webp'), Type.Literal('application/pdf')]);

export const UploadedAttachmentResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: AttachmentType,
  size: Type.Integer({ description: 'Bytes as stored (after an image is re-encoded)' }),
});

export const AttachmentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: AttachmentType,
  size: Type.Integer(),
  url: Type.String({ description: '/api/v1/tickets/{code}/attachments/{id}' }),
});

export const AttachmentList = Type.Array(AttachmentSchema);

/** `attachmentIds` in a JSON body (or repeated form fields): ids from POST /attachments. */
export const AttachmentIdsField = Type.Optional(
  Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20, description: `Ids from POST /attachments; at most ${MAX_ATTACHMENTS} attachments in all` }),
);
