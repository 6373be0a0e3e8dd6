/**
 * An in-memory store for @fastify/rate-limit whose counters are shared by every route: the
 * plugin's own LocalStore gives each route a separate store (its `groupId` only namespaces keys,
 * which helps a Redis store but not a local one), so a budget "per address" was really per route.
 * Keys already carry the address and the group, so one map serves all routes.
 */
interface Counter {
  current: number;
  ttl: number;
  iterationStartMs: number;
}

type Callback = (err: Error | null, result: { current: number; ttl: number }) => void;

const MAX_ENTRIES = 20_000;

export class SharedRateLimitStore {
  private readonly counters = new Map<string, Counter>();

  incr(key: string, cb: Callback, timeWindow: number): void {
    const now = Date.now();
    let counter = this.counters.get(key);
    if (!counter || counter.iterationStartMs + timeWindow <= now) {
      counter = { current: 1, ttl: timeWindow, iterationStartMs: now };
    } else {
      counter.current++;
      counter.ttl = timeWindow - (now - counter.iterationStartMs);
    }
    // Re-insert so the map's order is least-recently-used first, then trim the oldest.
    this.counters.delete(key);
    this.counters.set(key, counter);
    if (this.counters.size > MAX_ENTRIES) {
      const oldest = this.counters.keys().next().value;
      if (oldest !== undefined) this.counters.delete(oldest);
    }
    cb(null, { current: counter.current, ttl: counter.ttl });
  }

  read(key: string, cb: Callback, timeWindow: number): void {
    const now = Date.now();
    const counter = this.counters.get(key);
    if (!counter || counter.iterationStartMs + timeWindow <= now) cb(null, { current: 0, ttl: 0 });
    else cb(null, { current: counter.current, ttl: timeWindow - (now - counter.iterationStartMs) });
  }

  /** Every route gets the same store: keys carry the group. */
  child(): SharedRateLimitStore {
    return this;
  }
}
