/**
 * A file field in the page's language. The native `<input type=file>` draws its button and its
 * "No file chosen" in the browser's language, whatever the page says — on a Spanish page of an
 * English Windows it reads "Choose Files". So the input is visually hidden (still focusable and
 * still what the form posts, with or without JavaScript) and a `<label>` styled as a button opens
 * it. With JavaScript, `client/_file-picker.ts` writes the chosen names beside the button.
 */
import type { JSX } from 'preact';
import type { PageContext } from './render';

export interface FilePickerProps {
  page: PageContext;
  id: string;
  name: string;
  accept: string;
  multiple?: boolean;
  required?: boolean;
  invalid?: boolean;
  describedBy?: string;
}

export function FilePicker({ page, id, name, accept, multiple, required, invalid, describedBy }: FilePickerProps): JSX.Element {
  const { t } = page;
  const chosen = `${id}-chosen`;
  return (
    <div class={invalid ? 'file-picker is-invalid' : 'file-picker'} data-file-picker="" data-none={t('file.none')} data-count={t('file.count')}>
      <input
        class={invalid ? 'file-picker-input is-invalid' : 'file-picker-input'}
        type="file"
        id={id}
        name={name}
        accept={accept}
        multiple={multiple}
        required={required}
        aria-describedby={[chosen, describedBy].filter(Boolean).join(' ')}
        aria-invalid={invalid ? 'true' : undefined}
      />
      <label class="btn btn-outline-primary file-picker-button" for={id}>
        {t(multiple ? 'file.chooseMany' : 'file.chooseOne')}
      </label>
      <span class="file-picker-chosen small text-secondary" id={chosen} aria-live="polite"></span>
    </div>
  );
}
