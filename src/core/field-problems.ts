/**
 * Collects what is wrong with each field of an input, so a command refuses once and names every
 * field at once (a form then shows all its errors together, not one per submit).
 */
import { AppError, type ErrorCode, type FieldErrors } from './errors';
import type { MessageKey, Params } from '../i18n';

export class FieldProblems {
  private readonly fields: FieldErrors = {};
  private readonly codes = new Set<ErrorCode>();

  /** Records the first problem of `field`; `code` names a refusal other than 422 (e.g. a name taken → 409). */
  add(field: string, key: MessageKey, params?: Params, code: ErrorCode = 'VALIDATION_FAILED'): void {
    if (field in this.fields) return;
    this.fields[field] = params ? { key, params } : { key };
    this.codes.add(code);
  }

  has(field: string): boolean {
    return field in this.fields;
  }

  /**
   * Throws when any field has a problem: with that problem's own code when there is one kind
   * (e.g. only "name taken" → CATEGORY_NAME_TAKEN), else VALIDATION_FAILED naming every field.
   */
  throwIfAny(): void {
    if (!this.codes.size) return;
    const code = this.codes.size === 1 ? [...this.codes][0]! : 'VALIDATION_FAILED';
    throw new AppError(code, undefined, { ...this.fields });
  }
}
