/**
 * How fast requests arrive at this process, for background work that should give way to them
 * (the in-process outbox worker during a burst of filings). Counts arrivals, not open
 * connections: a live-queue page holds one stream open for hours without being "load".
 */
import type { Server } from 'node:http';

export interface RequestRate {
  /** Requests per second over the last completed window (0.1 s or more). */
  perSecond(): number;
}

export function measureRequestRate(server: Server, windowMs = 100): RequestRate {
  let arrivals = 0;
  let windowStart = performance.now();
  let rate = 0;
  server.on('request', () => {
    arrivals++;
  });
  return {
    perSecond() {
      const now = performance.now();
      const elapsed = now - windowStart;
      if (elapsed >= windowMs) {
        rate = (arrivals * 1000) / elapsed;
        arrivals = 0;
        windowStart = now;
      }
      return rate;
    },
  };
}
