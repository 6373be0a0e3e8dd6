/**
 * The FAQ index of one process: built from the active entries, rebuilt when an admin command
 * invalidates it, and when the table's fingerprint (count, last change) moves — which is how an
 * edit made through another instance reaches this one within `checkEveryMs`.
 */
import type { Executor } from '../db/database';
import { faqsFingerprint, listActiveFaqs } from './faqs.repository';
import { FaqIndex } from './retrieval';

export class FaqIndexCache {
  private index: FaqIndex | null = null;
  private fingerprint = '';
  private checkedAt = 0;
  private building: Promise<FaqIndex> | null = null;

  constructor(private readonly checkEveryMs = 5_000) {}

  async get(db: Executor, now = Date.now()): Promise<FaqIndex> {
    if (this.index && now - this.checkedAt < this.checkEveryMs) return this.index;
    this.building ??= this.refresh(db, now).finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async refresh(db: Executor, now: number): Promise<FaqIndex> {
    const fingerprint = await faqsFingerprint(db);
    if (!this.index || fingerprint !== this.fingerprint) {
      this.index = new FaqIndex(await listActiveFaqs(db));
      this.fingerprint = fingerprint;
    }
    this.checkedAt = now;
    return this.index;
  }

  /** Called by the FAQ admin commands: the next question sees the change. */
  invalidate(): void {
    this.index = null;
  }
}
