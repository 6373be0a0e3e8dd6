/**
 * Tickets filed with no network, kept on the device until they are sent (the offline portal).
 * Shared by the page script (`offline.ts`) and the service worker (`sw.ts`): one IndexedDB store,
 * one way to send.
 *
 * - Each filing keeps the form's `Idempotency-Key`, so sending it again — after a reload, from a
 *   second tab, from Background Sync, or because the server's answer was lost when the connection
 *   dropped — returns the ticket filed the first time, never a second one.
 * - Sending runs under a Web Lock (`navigator.locks`) where the browser has one, so two tabs and the
 *   service worker take turns instead of racing (the key would make a race harmless anyway).
 * - Privacy: once the server answers with the code, the entry keeps only the key, the code and the
 *   dates; the DNI, the phone, the description and the photos are deleted from the device.
 * - Attachments: the files chosen with the form (photos already shrunk by the page, ≤ 400 KB each)
 *   are kept as Blobs in the same entry and sent with it as one multipart request, with the same
 *   key. The device keeps at most `MAX_KEPT_FILE_BYTES` per file and `OUTBOX_FILE_BUDGET` for all
 *   waiting tickets; when a file does not fit — over those limits, too little room left in the
 *   browser's storage, or the browser refusing the write (quota) — the ticket is kept without its
 *   files (`filesLeftOut` says how many) rather than not at all, and the page says so.
 */

export interface FilingFields {
  dni: string;
  categoryId: number;
  description: string;
  contactPhone: string | null;
  assetCode: string | null;
}

/** A file kept with a waiting ticket. */
export interface KeptFile {
  name: string;
  type: string;
  blob: Blob;
}

export interface QueuedFiling {
  key: string;
  state: 'pending' | 'failed';
  createdAt: number;
  /** The page's language, for the server's messages. */
  lang: string;
  fields: FilingFields;
  /** Files to send with the ticket (multipart `attachments`). */
  files?: KeptFile[];
  /** Uploads the server already holds (a post the link dropped after its photos had gone). */
  attachmentIds?: string[];
  /** Files that could not be kept on the device (no room): the ticket goes without them. */
  filesLeftOut?: number;
  /** The server's refusal (a 4xx other than a temporary one), in the page's language. */
  error?: string;
}

export interface SentFiling {
  key: string;
  state: 'sent';
  createdAt: number;
  sentAt: number;
  code: string;
}

export type OutboxEntry = QueuedFiling | SentFiling;

/** Name of the BroadcastChannel on which every context hears that the outbox changed. */
export const OUTBOX_CHANNEL = 'itims-outbox';
/**
 * Cache of the tracking pages opened on this device (by full code), written by the service worker
 * and listed by the tracking lookup page; not tied to a release.
 */
export const TICKETS_CACHE = 'itims-tickets';
/** Background Sync tag. */
export const SYNC_TAG = 'itims-outbox';
const DB_NAME = 'itims-portal';
const STORE = 'outbox';
/** A sent entry (a code, nothing personal) is shown for this long, unless dismissed. */
const SENT_KEPT_MS = 30 * 24 * 3600_000;
/** The largest file kept on the device (the server's default limit; photos are far smaller once shrunk). */
export const MAX_KEPT_FILE_BYTES = 10 * 1024 * 1024;
/** All the files of all the waiting tickets together: a shared office PC is not a file store. */
export const OUTBOX_FILE_BUDGET = 25 * 1024 * 1024;
/** Room left in the browser's storage beyond the files themselves (IndexedDB's own overhead). */
const STORAGE_MARGIN_BYTES = 1024 * 1024;

/**
 * The form's fields as the server reads them (`readTicketForm`, `postedAssetCode`): the same
 * cleaning, so the API computes the same request hash as the form route would for this key.
 */
export function filingFromForm(get: (name: string) => string): FilingFields {
  const typedAsset = get('assetCode').trim();
  const chosenAsset = get('assetChoice').trim();
  return {
    dni: get('dni').replace(/[\s.-]/g, ''),
    categoryId: Number(get('categoryId').trim()),
    description: get('description'),
    contactPhone: get('contactPhone').trim() || null,
    assetCode: typedAsset || (chosenAsset && chosenAsset !== 'other' ? chosenAsset : '') || null,
  };
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

let opened: Promise<IDBDatabase> | null = null;
function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'key' });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => {
      opened = null;
      reject(open.error);
    };
  });
  return opened;
}

async function withStore<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  const tx = db.transaction(STORE, mode);
  const result = await request(fn(tx.objectStore(STORE)));
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  return result;
}

export const outboxAvailable = (): boolean => typeof indexedDB !== 'undefined';

export async function listOutbox(): Promise<OutboxEntry[]> {
  const all = await withStore('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>);
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

const getEntry = (key: string) => withStore('readonly', (s) => s.get(key) as IDBRequest<OutboxEntry | undefined>);
const putEntry = (entry: OutboxEntry) => withStore('readwrite', (s) => s.put(entry));

function announce(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(OUTBOX_CHANNEL);
  channel.postMessage({ type: 'changed' });
  channel.close();
}

/** Upload ids of a form (hidden `attachmentIds` fields the page script added after uploading). */
export function uploadIdsFromForm(form: FormData): string[] {
  return [...new Set(form.getAll('attachmentIds').filter((v): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v)))];
}

/** Files of a form's `attachments` field (empty parts — no file chosen — left out). */
export function filesFromForm(form: FormData): KeptFile[] {
  return form
    .getAll('attachments')
    .filter((v): v is File => typeof v !== 'string' && v.size > 0)
    .map((f) => ({ name: f.name, type: f.type, blob: f }));
}

const fileBytes = (files: KeptFile[] | undefined) => (files ?? []).reduce((n, f) => n + f.blob.size, 0);

/** Whether the device takes `files` besides what waits already: the outbox's limits, then the browser's free storage. */
async function roomFor(files: KeptFile[]): Promise<boolean> {
  const bytes = fileBytes(files);
  if (files.some((f) => f.blob.size > MAX_KEPT_FILE_BYTES)) return false;
  const waiting = (await listOutbox()).reduce((n, e) => n + (e.state === 'sent' ? 0 : fileBytes(e.files)), 0);
  if (waiting + bytes > OUTBOX_FILE_BUDGET) return false;
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (estimate?.quota !== undefined && estimate.usage !== undefined && estimate.quota - estimate.usage < bytes + STORAGE_MARGIN_BYTES) return false;
  return true;
}

const isQuotaError = (err: unknown) => err instanceof DOMException && (err.name === 'QuotaExceededError' || err.name === 'UnknownError');

/**
 * Keeps a filing on the device; a key already there (the same form sent twice) is left as it is.
 * Resolves to what was kept: without its files (`filesLeftOut`) when the device had no room for them.
 */
export async function queueFiling(entry: QueuedFiling): Promise<QueuedFiling> {
  const existing = await getEntry(entry.key);
  if (existing) return existing.state === 'sent' ? entry : existing;
  const withoutFiles = (): QueuedFiling => ({ ...entry, files: [], filesLeftOut: (entry.filesLeftOut ?? 0) + (entry.files?.length ?? 0) });
  let kept = entry.files?.length && !(await roomFor(entry.files)) ? withoutFiles() : entry;
  try {
    await putEntry(kept);
  } catch (err) {
    // The browser refused the write for want of room: the ticket itself is small, keep it without the files.
    if (!kept.files?.length || !isQuotaError(err)) throw err;
    kept = withoutFiles();
    await putEntry(kept);
  }
  announce();
  return kept;
}

export async function removeEntry(key: string): Promise<void> {
  await withStore('readwrite', (s) => s.delete(key));
  announce();
}

/** Runs `fn` alone among this origin's tabs and service worker, where Web Locks exist. */
async function exclusively<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (typeof navigator !== 'undefined' ? (navigator as Navigator).locks : undefined) as LockManager | undefined;
  return locks ? (locks.request('itims-outbox', fn) as Promise<T>) : fn();
}

export interface FlushResult {
  sent: number;
  /** Still waiting for the network (or for a server that answered 5xx / a temporary 429). */
  pending: number;
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}

/**
 * The request for a kept filing: JSON, or multipart when files go with it (the same fields, the
 * files as `attachments`) — the same request each time, so the server's hash of it matches.
 */
function filingRequest(entry: QueuedFiling): { headers: Record<string, string>; body: string | FormData } {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': entry.lang, 'idempotency-key': entry.key };
  const f = entry.fields;
  const ids = entry.attachmentIds ?? [];
  if (entry.files?.length) {
    const form = new FormData();
    form.append('dni', f.dni);
    form.append('categoryId', String(f.categoryId));
    form.append('description', f.description);
    if (f.contactPhone) form.append('contactPhone', f.contactPhone);
    if (f.assetCode) form.append('assetCode', f.assetCode);
    for (const id of ids) form.append('attachmentIds', id);
    for (const file of entry.files) form.append('attachments', new File([file.blob], file.name, { type: file.type }));
    // No content-type: the browser writes the multipart boundary.
    return { headers, body: form };
  }
  const body = {
    dni: f.dni,
    categoryId: f.categoryId,
    description: f.description,
    contactPhone: f.contactPhone,
    ...(f.assetCode ? { assetCode: f.assetCode } : {}),
    ...(ids.length ? { attachmentIds: ids } : {}),
  };
  return { headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * Sends every pending filing, oldest first, with its key. A network failure stops the round (the
 * rest would fail too) and leaves the entries pending; a refusal (422, 404 unknown DNI…) marks the
 * entry failed with the server's message, for the person to correct or discard.
 */
export async function flushOutbox(): Promise<FlushResult> {
  return exclusively(async () => {
    let sent = 0;
    let pending = 0;
    let offline = false;
    const now = Date.now();
    for (const entry of await listOutbox()) {
      if (entry.state === 'sent') {
        if (now - entry.sentAt > SENT_KEPT_MS) await withStore('readwrite', (s) => s.delete(entry.key));
        continue;
      }
      if (entry.state !== 'pending') continue;
      if (offline) {
        pending++;
        continue;
      }
      let response: Response;
      try {
        response = await fetch('/api/v1/tickets', { method: 'POST', credentials: 'same-origin', ...filingRequest(entry) });
      } catch {
        // No network, or the connection dropped before the answer: the key makes the next try safe.
        offline = true;
        pending++;
        continue;
      }
      const body = (await response.json().catch(() => ({}))) as { code?: string } & ErrorBody;
      if (response.ok && body.code) {
        // Only the code stays on the device: the personal data go now.
        await putEntry({ key: entry.key, state: 'sent', createdAt: entry.createdAt, sentAt: Date.now(), code: body.code });
        sent++;
      } else if (response.status >= 500 || response.status === 408 || body.error?.code === 'RATE_LIMITED') {
        pending++;
        offline = true;
      } else {
        await putEntry({ ...entry, state: 'failed', error: body.error?.message ?? `HTTP ${response.status}` });
      }
    }
    if (sent || pending) announce();
    return { sent, pending };
  });
}
