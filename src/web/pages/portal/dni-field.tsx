/** The DNI field of the portal's forms: the number, the button beside it (look up, see my tickets) and its error. */
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../render';

export function DniInputGroup({ page, value, error, describedBy, children }: { page: PageContext; value: string; error?: string | null; describedBy?: string; children: ComponentChildren }) {
  return (
    <>
      <label class="form-label fw-semibold" for="dni">
        {page.t('portal.form.dni')}
      </label>
      <div class="input-group has-validation">
        <input
          id="dni"
          name="dni"
          class={error ? 'form-control is-invalid' : 'form-control'}
          value={value}
          inputMode="numeric"
          autoComplete="off"
          maxLength={12}
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
        />
        {children}
        {error && (
          <div id="dni-error" class="invalid-feedback">
            {error}
          </div>
        )}
      </div>
    </>
  );
}
