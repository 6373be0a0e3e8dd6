/**
 * The offline portal in the page (issue 20); every page works without it.
 * - Registers the service worker (`/sw.js`) once the page has loaded, so it never competes with
 *   the first render on a slow link.
 * - "Sin conexión" under the navigation while the browser is offline; the date of a saved copy on a
 *   tracking page the service worker served from the device.
 * - The ticket form with no network: checked here (the server cannot be asked), kept in the outbox
 *   (`_outbox.ts`) with its idempotency key, shown as "pendiente de envío", and sent on Background
 *   Sync, on the `online` event, or on the next visit — once, whatever the number of tabs.
 * - Photos chosen with a ticket filed offline: `attachments.ts` shrinks them and hands them over
 *   (`itims:keep-offline`); they are kept with the ticket and sent with it. With no room on the
 *   device the ticket is kept without them and the list says so.
 * - The tracking lookup lists the tickets this device opened by full code (saved copies).
 */
import {
  filingFromForm,
  filesFromForm,
  flushOutbox,
  listOutbox,
  OUTBOX_CHANNEL,
  outboxAvailable,
  queueFiling,
  removeEntry,
  SYNC_TAG,
  TICKETS_CACHE,
  uploadIdsFromForm,
  type KeptFile,
  type OutboxEntry,
  type QueuedFiling,
} from './_outbox';
import { pageLanguage } from './_page-language';

function byId<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const formatDate = (ms: number) => new Intl.DateTimeFormat(pageLanguage() === 'en' ? 'en-GB' : 'es-PE', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function initStatus(): void {
  const status = byId('offline-status');
  if (status) {
    const update = () => {
      status.hidden = navigator.onLine !== false;
    };
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    update();
  }
  const cachedAt = document.documentElement.dataset.cachedAt;
  const copy = byId('cached-copy');
  if (cachedAt && copy && !Number.isNaN(Date.parse(cachedAt))) {
    copy.textContent = (copy.dataset.template ?? '').replace('{at}', formatDate(Date.parse(cachedAt)));
    copy.hidden = false;
  }
}

// ---- The outbox on the home page --------------------------------------------------------------

let retryTimer: ReturnType<typeof setTimeout> | null = null;
let retryDelay = 3000;

async function send(render: () => Promise<void>): Promise<void> {
  if (navigator.onLine === false) return;
  const result = await flushOutbox().catch(() => ({ sent: 0, pending: 1 }));
  await render();
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  if (result.pending) {
    // Online but the server did not answer (a dropped link, a lost answer): try again, more slowly each time.
    retryTimer = setTimeout(() => void send(render), retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60_000);
  } else {
    retryDelay = 3000;
  }
}

function fillForm(form: HTMLFormElement, entry: QueuedFiling): void {
  const set = (id: string, value: string) => {
    const field = form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`#${id}`);
    if (!field) return;
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  };
  set('dni', entry.fields.dni);
  set('categoryId', String(entry.fields.categoryId));
  set('description', entry.fields.description);
  set('contactPhone', entry.fields.contactPhone ?? '');
  if (entry.fields.assetCode) set('assetCode', entry.fields.assetCode);
  // The kept photos go back into the file field, to be sent (or changed) with the corrected form.
  const input = form.querySelector<HTMLInputElement>('input[type=file][name="attachments"]');
  if (input && entry.files?.length && typeof DataTransfer !== 'undefined') {
    const transfer = new DataTransfer();
    for (const f of entry.files) transfer.items.add(new File([f.blob], f.name, { type: f.type }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
  byId('dni')?.focus();
}

function renderEntry(panel: HTMLElement, form: HTMLFormElement, entry: OutboxEntry, render: () => Promise<void>): HTMLLIElement {
  const s = panel.dataset;
  const li = el('li', 'outbox-item');
  li.dataset.state = entry.state;
  li.dataset.key = entry.key;
  const button = (label: string | undefined, cls: string, onClick: () => void) => {
    const b = el('button', `btn btn-sm ${cls}`, label);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  };
  if (entry.state === 'sent') {
    const p = el('p', 'mb-1');
    p.append(el('span', 'badge text-bg-success me-2', '✓'), `${s.sent ?? ''} `, el('strong', 'outbox-code', entry.code));
    const actions = el('p', 'd-flex flex-wrap gap-2 mb-0');
    const open = el('a', 'btn btn-sm btn-primary', s.open);
    open.href = `/t/${encodeURIComponent(entry.code)}`;
    actions.append(
      open,
      button(s.dismiss, 'btn-outline-secondary', () => void removeEntry(entry.key).then(render)),
    );
    li.append(p, actions);
    return li;
  }
  const head = el('p', 'mb-1');
  const badge = el('span', `badge ${entry.state === 'failed' ? 'text-bg-danger' : 'text-bg-warning'} me-2`, entry.state === 'failed' ? '!' : s.pending);
  head.append(badge, el('span', 'small text-secondary', (s.savedAt ?? '').replace('{at}', formatDate(entry.createdAt))));
  const summary = el('p', 'mb-1 outbox-description', entry.fields.description.length > 140 ? `${entry.fields.description.slice(0, 140)}…` : entry.fields.description);
  li.append(head, summary);
  const kept = (entry.files?.length ?? 0) + (entry.attachmentIds?.length ?? 0);
  if (kept) li.append(el('p', 'small mb-1 outbox-files', (s.files ?? '{count}').replace('{count}', String(kept))));
  if (entry.filesLeftOut) li.append(el('p', 'small mb-1 text-danger fw-semibold outbox-files-left-out', (s.filesLeftOut ?? '{count}').replace('{count}', String(entry.filesLeftOut))));
  if (entry.state === 'failed') {
    li.append(el('p', 'mb-1 text-danger fw-semibold', `${s.failed ?? ''} ${entry.error ?? ''}`));
    const actions = el('p', 'd-flex flex-wrap gap-2 mb-0');
    actions.append(
      button(s.edit, 'btn-primary', () => {
        fillForm(form, entry);
        void removeEntry(entry.key).then(render);
      }),
      button(s.discard, 'btn-outline-secondary', () => void removeEntry(entry.key).then(render)),
    );
    li.append(actions);
  } else {
    li.append(el('p', 'small mb-0', s.pendingHelp));
  }
  return li;
}

/** The form's own check, for when the server cannot be asked (the same rules as `validateTicketForm`). */
function offlineErrors(form: HTMLFormElement): { field: string; message: string }[] {
  const box = byId('offline-form-errors');
  const texts = box?.dataset ?? {};
  const value = (name: string) => String(new FormData(form).get(name) ?? '');
  const errors: { field: string; message: string }[] = [];
  if (!/^\d{8}$/.test(value('dni').replace(/[\s.-]/g, ''))) errors.push({ field: 'dni', message: texts.dni ?? '' });
  if (!value('categoryId').trim()) errors.push({ field: 'categoryId', message: texts.category ?? '' });
  const description = value('description').trim();
  if (description.length < 10 || description.length > 4000) errors.push({ field: 'description', message: texts.description ?? '' });
  const phone = value('contactPhone').trim();
  if (phone && !/^\+?\d{6,15}$/.test(phone.replace(/[\s().-]/g, ''))) errors.push({ field: 'contactPhone', message: texts.phone ?? '' });
  return errors;
}

function showOfflineErrors(form: HTMLFormElement, errors: { field: string; message: string }[]): void {
  const box = byId('offline-form-errors');
  for (const field of form.querySelectorAll<HTMLElement>('.is-invalid')) {
    field.classList.remove('is-invalid');
    field.removeAttribute('aria-invalid');
  }
  if (!box) return;
  const list = box.querySelector('ul');
  list?.replaceChildren(
    ...errors.map((e) => {
      const li = el('li');
      const a = el('a', 'alert-link', e.message);
      a.href = `#${e.field}`;
      li.appendChild(a);
      return li;
    }),
  );
  for (const e of errors) {
    const field = byId(e.field);
    field?.classList.add('is-invalid');
    field?.setAttribute('aria-invalid', 'true');
  }
  box.hidden = errors.length === 0;
  if (errors.length) box.focus();
}

function initOutbox(): void {
  const panel = byId('outbox');
  const form = byId<HTMLFormElement>('ticket-form');
  if (!panel || !form || !outboxAvailable()) return;
  const list = byId('outbox-list');

  const render = async () => {
    const entries = await listOutbox().catch(() => [] as OutboxEntry[]);
    list?.replaceChildren(...entries.map((e) => renderEntry(panel, form, e, render)));
    panel.hidden = entries.length === 0;
  };

  /** Keeps the form (and `files`, already shrunk) on the device; false when the form needs correcting first. */
  const keep = (files: KeptFile[] | null): boolean => {
    const errors = offlineErrors(form);
    showOfflineErrors(form, errors);
    if (errors.length) return false;
    const data = new FormData(form);
    const get = (name: string) => String(data.get(name) ?? '');
    const keyField = form.querySelector<HTMLInputElement>('input[name="idempotencyKey"]');
    const entry: QueuedFiling = {
      key: get('idempotencyKey') || newKey(),
      state: 'pending',
      createdAt: Date.now(),
      lang: pageLanguage(),
      fields: filingFromForm(get),
      files: files ?? filesFromForm(data),
      attachmentIds: uploadIdsFromForm(data),
    };
    void queueFiling(entry).then(async () => {
      // A fresh form with a fresh key: the next ticket is another ticket.
      form.reset();
      for (const hidden of form.querySelectorAll('input[type=hidden][name="attachmentIds"]')) hidden.remove();
      form.querySelector('.attachment-status')?.replaceChildren();
      form.querySelector('input[type=file]')?.dispatchEvent(new Event('itims:cleared'));
      if (keyField) keyField.value = newKey();
      for (const id of ['dni', 'description']) byId(id)?.dispatchEvent(new Event('input', { bubbles: true }));
      await render();
      panel.focus();
      // Online but the link dropped (an upload failed): try now, then again more slowly.
      void send(render);
      const registration = await navigator.serviceWorker?.ready.catch(() => null);
      await (registration as unknown as { sync?: { register(tag: string): Promise<void> } } | null)?.sync?.register(SYNC_TAG).catch(() => undefined);
    });
    return true;
  };

  // Offline, the form is kept here instead of posted (online, the service worker keeps a post the network drops).
  form.addEventListener(
    'submit',
    (event) => {
      const submitter = (event as SubmitEvent).submitter;
      if (submitter?.id === 'dni-lookup' || navigator.onLine !== false) return;
      event.preventDefault();
      keep(null);
    },
    // Before the double-submit guard of portal.ts, which then sees the post was kept here.
    true,
  );
  // Photos chosen offline (or whose upload the link dropped), shrunk by attachments.ts and handed over.
  form.addEventListener('itims:keep-offline', (event) => {
    const files = ((event as CustomEvent<{ files: File[] }>).detail?.files ?? []).map((f) => ({ name: f.name, type: f.type, blob: f as Blob }));
    if (!keep(files)) event.preventDefault();
  });
  // attachments.ts hands photos over only to a page that keeps them.
  form.dataset.outbox = 'ready';

  if (typeof BroadcastChannel !== 'undefined') new BroadcastChannel(OUTBOX_CHANNEL).onmessage = () => void render();
  window.addEventListener('online', () => void send(render));
  void render().then(() => send(render));
  if (new URLSearchParams(location.search).has('pendiente')) {
    // The service worker kept a post it could not send and brought the person back here.
    history.replaceState(null, '', '/');
    void render().then(() => panel.focus());
  }
}

// ---- Tickets saved on this device (tracking lookup) --------------------------------------------

async function initRecentTickets(): Promise<void> {
  const section = byId('recent-tickets');
  const list = byId('recent-tickets-list');
  if (!section || !list || typeof caches === 'undefined') return;
  const cache = await caches.open(TICKETS_CACHE);
  const saved = await Promise.all((await cache.keys()).map(async (request) => ({ path: new URL(request.url).pathname, at: (await cache.match(request))?.headers.get('x-itims-saved-at') ?? '' })));
  saved.sort((a, b) => b.at.localeCompare(a.at));
  list.replaceChildren(
    ...saved.map(({ path, at }) => {
      const li = el('li');
      const a = el('a', 'ticket-link', decodeURIComponent(path.slice(3)));
      a.href = path;
      li.append(a, ' ', el('span', 'small text-secondary', `(${(section.dataset.saved ?? '').replace('{at}', at ? formatDate(Date.parse(at)) : '')})`));
      return li;
    }),
  );
  section.hidden = saved.length === 0;
  byId('recent-tickets-forget')?.addEventListener('click', () => {
    void caches.delete(TICKETS_CACHE).then(() => {
      section.hidden = true;
      list.replaceChildren();
    });
  });
}

function registerWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
}

initStatus();
initOutbox();
void initRecentTickets();
registerWorker();
