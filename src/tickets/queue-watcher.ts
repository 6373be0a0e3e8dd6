/**
 * Tells open queue pages that the queue changed. In this process, ticket commands emit events
 * after commit; other app instances on the same database are noticed by polling a cheap queue
 * signature every few seconds — only while someone is listening.
 */
import type { Executor } from '../db/database';
import type { EventBus } from '../core/context';
import { queueSignature } from './ticket-lists.repository';

export type QueueListener = (reason: 'created' | 'changed') => void;

export class QueueWatcher {
  private readonly listeners = new Set<QueueListener>();
  private unsubscribe: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastSignature: string | null = null;
  private polling = false;

  constructor(
    private readonly deps: { db: Executor; events: EventBus },
    private readonly pollMs = 3000,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  /** Starts listening (and polling) with the first subscriber; returns the unsubscribe function. */
  subscribe(listener: QueueListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Forgets every subscriber (app shutdown). */
  close(): void {
    this.listeners.clear();
    this.stop();
  }

  private notify(reason: 'created' | 'changed'): void {
    for (const listener of [...this.listeners]) listener(reason);
  }

  private start(): void {
    const { events } = this.deps;
    this.unsubscribe = [events.on('ticket.created', () => this.notify('created')), events.on('ticket.changed', () => this.notify('changed'))];
    this.lastSignature = null;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  private stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const signature = await queueSignature(this.deps.db);
      if (this.lastSignature !== null && signature !== this.lastSignature && this.listeners.size) this.notify('changed');
      this.lastSignature = signature;
    } catch {
      // The database is away for a moment: the next poll tries again; pages keep what they show.
    } finally {
      this.polling = false;
    }
  }
}
