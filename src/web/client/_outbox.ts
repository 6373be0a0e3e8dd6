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
 *   dates; the DNI, the phone and the description are deleted from the device.
 */

export interface FilingFields {
  dni: string;
  categoryId: number;
  description: string;
  contactPhone: string | null;
  assetCode: string | null;
}

export interface QueuedFiling {
  key: string;
  state: 'pending' | 'failed';
  createdAt: number;
  /** The page's language, for the server's messages. */
  lang: string;
  fields: FilingFields;
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

/** Keeps a filing on the device; a key already there (the same form sent twice) is left as it is. */
export async function queueFiling(entry: QueuedFiling): Promise<void> {
  if (await getEntry(entry.key)) return;
  await putEntry(entry);
  announce();
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
        response = await fetch('/api/v1/tickets', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': entry.lang, 'idempotency-key': entry.key },
          body: JSON.stringify({
            dni: entry.fields.dni,
            categoryId: entry.fields.categoryId,
            description: entry.fields.description,
            contactPhone: entry.fields.contactPhone,
            ...(entry.fields.assetCode ? { assetCode: entry.fields.assetCode } : {}),
          }),
        });
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
