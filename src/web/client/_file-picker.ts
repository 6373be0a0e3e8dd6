/**
 * The chosen files' names beside a page-language file button (`[data-file-picker]`, see
 * web/file-picker.tsx): one name, or "3 archivos: a.jpg, b.jpg, c.pdf". Texts from data attributes.
 */
export function showChosenFiles(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-file-picker]').forEach((picker) => {
    const input = picker.querySelector<HTMLInputElement>('input[type=file]');
    const chosen = picker.querySelector<HTMLElement>('.file-picker-chosen');
    if (!input || !chosen) return;
    const update = () => {
      const names = Array.from(input.files ?? []).map((f) => f.name);
      if (!names.length) chosen.textContent = picker.dataset.none ?? '';
      else if (names.length === 1) chosen.textContent = names[0] ?? '';
      else chosen.textContent = `${(picker.dataset.count ?? '{count}').replace('{count}', String(names.length))}: ${names.join(', ')}`;
    };
    input.addEventListener('change', update);
    // The form may empty the field itself (attachments.ts after uploading).
    input.addEventListener('itims:cleared', update);
    update();
  });
}
