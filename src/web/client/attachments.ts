/**
 * Forms with a file field (`form[data-attachments]`: the portal's ticket form, the tracking page's
 * answer, the staff reply and note): on submit, each chosen photo is shrunk in the browser and
 * uploaded with its progress shown, the ids go into hidden `attachmentIds` fields, the file field
 * is emptied and the form is sent as usual — so the form's own post carries text only. Without
 * this script the same form posts the files itself (multipart). Texts come from the field's data
 * attributes, in the page's language.
 *
 * The portal's ticket form works offline (offline.ts marks it `data-outbox="ready"`): with no
 * network — or when the link drops during an upload — the photos are shrunk all the same and handed
 * to the offline queue (`itims:keep-offline`), which keeps them with the ticket on the device.
 */
import { shrinkPhoto, uploadFile, UploadNetworkError } from './_uploads';
import { showChosenFiles } from './_file-picker';

function statusLine(list: HTMLElement, text: string): { set(text: string): void; progress: HTMLProgressElement } {
  const li = document.createElement('li');
  const label = document.createElement('span');
  label.textContent = text;
  const progress = document.createElement('progress');
  progress.max = 1;
  progress.value = 0;
  progress.className = 'ms-2 align-middle';
  li.append(label, progress);
  list.appendChild(li);
  return { set: (t) => (label.textContent = t), progress };
}

function enhance(form: HTMLFormElement): void {
  const field = form.querySelector<HTMLElement>('[data-attachment-field]');
  const input = field?.querySelector<HTMLInputElement>('input[type=file]');
  const list = field?.querySelector<HTMLElement>('.attachment-status');
  if (!field || !input || !list) return;
  const data = field.dataset;
  const room = Number(data.maxFiles ?? '3');
  let busy = false;

  input.addEventListener('change', () => {
    list.textContent = '';
    if (input.files && input.files.length > room) {
      statusLine(list, data.tooMany ?? '').progress.remove();
      input.value = '';
      input.dispatchEvent(new Event('itims:cleared'));
    }
  });

  // Capture on the document runs before the form's other submit handlers (e.g. the double-submit
  // guard), which only see the second, file-less submit.
  document.addEventListener(
    'submit',
    (event) => {
      if (event.target !== form) return;
      if (busy) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      const files = Array.from(input.files ?? []);
      if (!files.length) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
      busy = true;
      list.textContent = '';
      const keepsOffline = form.dataset.outbox === 'ready';
      /** Hands the shrunk photos not yet uploaded to the offline queue; false if it refused (form to correct). */
      const keepOffline = (small: File[]) => {
        const handed = form.dispatchEvent(new CustomEvent('itims:keep-offline', { detail: { files: small }, cancelable: true }));
        if (handed) list.textContent = '';
        return handed;
      };
      void (async () => {
        /** The first file not uploaded yet. */
        let next = 0;
        try {
          if (keepsOffline && navigator.onLine === false) {
            const shrunk: File[] = [];
            for (const file of files.slice(0, room)) {
              const line = statusLine(list, `${file.name}: ${data.shrinking ?? ''}`);
              shrunk.push(await shrinkPhoto(file));
              line.progress.remove();
            }
            busy = false;
            keepOffline(shrunk);
            return;
          }
          for (const file of files.slice(0, room)) {
            const line = statusLine(list, `${file.name}: ${data.shrinking ?? ''}`);
            const small = await shrinkPhoto(file);
            const sending = (data.sending ?? '{percent}').replace('{percent}', '0');
            line.set(`${small.name}: ${sending}`);
            const uploaded = await uploadFile(small, small.name, (fraction) => {
              line.progress.value = fraction;
              line.set(`${small.name}: ${(data.sending ?? '{percent}').replace('{percent}', String(Math.round(fraction * 100)))}`);
            });
            line.set(`${uploaded.name}: ${data.sent ?? ''}`);
            next++;
            const hidden = document.createElement('input');
            hidden.type = 'hidden';
            hidden.name = 'attachmentIds';
            hidden.value = uploaded.id;
            field.appendChild(hidden);
          }
          input.value = '';
          input.dispatchEvent(new Event('itims:cleared'));
          busy = false;
          if (submitter && form.requestSubmit) form.requestSubmit(submitter);
          else if (form.requestSubmit) form.requestSubmit();
          else form.submit();
        } catch (err) {
          busy = false;
          // The link dropped: the photos not sent yet wait on the device with the ticket (those sent are in attachmentIds).
          if (keepsOffline && err instanceof UploadNetworkError) {
            if (keepOffline(await Promise.all(files.slice(next, room).map((f) => shrinkPhoto(f))))) return;
          }
          const message = (err as Error).message || data.failed || '';
          statusLine(list, message).progress.remove();
          input.classList.add('is-invalid');
        }
      })();
    },
    true,
  );
}

showChosenFiles();
document.querySelectorAll<HTMLFormElement>('form[data-attachments]').forEach(enhance);
