/**
 * A paste longer than a text box's room is cut by the browser without a word (`maxlength`): say so.
 * A textarea with `data-paste-cut="<id>"` names its note (rendered by `web/paste-cut.tsx`, hidden);
 * the note's `data-template` is the message in the page's language with `{max}` filled in, and
 * `{pasted}` becomes the pasted length. The note goes away once the box is sent or emptied.
 */
function watch(field: HTMLTextAreaElement, note: HTMLElement): void {
  const template = note.dataset.template ?? '';
  const hide = () => clearPasteCut(field);
  field.addEventListener('paste', (event) => {
    const pasted = event.clipboardData?.getData('text') ?? '';
    const selected = field.selectionEnd - field.selectionStart;
    const room = field.maxLength - (field.value.length - selected);
    if (field.maxLength > 0 && pasted.length > room) {
      note.textContent = template.replace('{pasted}', String(pasted.length));
      note.hidden = false;
    } else hide();
  });
  field.addEventListener('input', () => {
    if (field.value === '') hide();
  });
  field.form?.addEventListener('submit', hide);
}

/** Hides a box's note (a script that empties the box itself, e.g. the chat after sending). */
export function clearPasteCut(field: HTMLTextAreaElement): void {
  const note = document.getElementById(field.dataset.pasteCut ?? '');
  if (!note) return;
  note.hidden = true;
  note.textContent = '';
}

/** Wires every `textarea[data-paste-cut]` under `root` once (several bundles of a page may call it). */
export function initPasteCuts(root: ParentNode = document): void {
  for (const field of root.querySelectorAll<HTMLTextAreaElement>('textarea[data-paste-cut]')) {
    if (field.dataset.pasteCutWatched) continue;
    const note = document.getElementById(field.dataset.pasteCut ?? '');
    if (!note) continue;
    field.dataset.pasteCutWatched = '1';
    watch(field, note);
  }
}
