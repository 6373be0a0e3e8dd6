/**
 * The ticket form as a browser posts it (application/x-www-form-urlencoded): what the person
 * typed, kept as text so a re-rendered form shows it unchanged, and the field errors found
 * before the ticket is filed — all of them at once, not only the first.
 */
import { AppError, messageKeyFor, type FieldErrors } from '../../../core/errors';
import { isValidDni } from '../../../directory/dni';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, normalizePhone } from '../../../tickets/commands/create-ticket';

export interface TicketFormValues {
  dni: string;
  categoryId: string;
  description: string;
  contactPhone: string;
}

export type TicketFormField = keyof TicketFormValues;

/** The raw form body; every field optional, all text. */
export interface TicketFormBody {
  dni?: string;
  /** The asset picker's two fields (`asset-picker.tsx`). */
  assetChoice?: string;
  assetCode?: string;
  categoryId?: string;
  description?: string;
  contactPhone?: string;
  idempotencyKey?: string;
  action?: string;
  /** "Sumarme" (`incidents-notice.tsx`): the open incident to join. */
  joinIncident?: string;
}

export const emptyTicketForm = (): TicketFormValues => ({ dni: '', categoryId: '', description: '', contactPhone: '' });

/** People type DNIs with spaces or dots ("45 871 236"); the API is strict, the form forgiving. */
export const cleanDni = (raw: string | undefined): string => (raw ?? '').replace(/[\s.-]/g, '');

export function readTicketForm(body: TicketFormBody): TicketFormValues {
  return {
    dni: cleanDni(body.dni),
    categoryId: (body.categoryId ?? '').trim(),
    description: body.description ?? '',
    contactPhone: (body.contactPhone ?? '').trim(),
  };
}

export function dniFieldError(dni: string): FieldErrors {
  if (!dni) return { dni: { key: 'field.required' } };
  return isValidDni(dni) ? {} : { dni: { key: 'field.dni' } };
}

/** Errors a form can have before anything is looked up (the DNI's format, not its owner). */
export function validateTicketForm(values: TicketFormValues, activeCategoryIds: number[]): FieldErrors {
  const errors: FieldErrors = { ...dniFieldError(values.dni) };
  const categoryId = Number(values.categoryId);
  if (!values.categoryId) errors.categoryId = { key: 'field.required' };
  else if (!Number.isInteger(categoryId) || !activeCategoryIds.includes(categoryId)) errors.categoryId = { key: messageKeyFor('CATEGORY_INVALID') };
  const description = values.description.trim();
  if (!description) errors.description = { key: 'field.required' };
  else if (description.length < DESCRIPTION_MIN || description.length > DESCRIPTION_MAX) errors.description = { key: 'field.description' };
  try {
    normalizePhone(values.contactPhone);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    errors.contactPhone = { key: 'field.phone' };
  }
  return errors;
}

/** Which field a domain error is about, so the form can show it there. */
export function fieldErrorsOf(err: AppError): FieldErrors | null {
  switch (err.code) {
    case 'DNI_MALFORMED':
    case 'DNI_UNKNOWN':
    case 'NO_ACTIVE_OFFICE':
      return { dni: { key: messageKeyFor(err.code) } };
    case 'CATEGORY_INVALID':
      return { categoryId: { key: messageKeyFor(err.code) } };
    case 'ASSET_UNKNOWN':
      return err.fields ?? null;
    case 'VALIDATION_FAILED':
      return err.fields && Object.keys(err.fields).length ? err.fields : null;
    default:
      return null;
  }
}
