/**
 * What every route and command may depend on, built once per process (or per test).
 * Commands take the parts they need (`{db, clock, actor}`), never a request.
 */
import { EventEmitter } from 'node:events';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import { setItOfficeName } from '../i18n';

export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

/** In-process events for live pages (SSE). Cross-instance delivery goes through the database. */
export interface DomainEvents {
  'ticket.created': { code: string };
  'ticket.changed': { code: string; status: string };
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(1000);
  }
  emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }
  on<K extends keyof DomainEvents>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}

export interface AppContext {
  config: Config;
  database: Database;
  clock: Clock;
  events: EventBus;
}

export function createContext(config: Config, database: Database, clock: Clock = systemClock): AppContext {
  // Every `{itOffice}` in the messages names the configured office (one process, one institution).
  setItOfficeName(config.itOfficeName);
  return { config, database, clock, events: new EventBus() };
}
