/**
 * WAL checkpoints for the server's SQLite database, on a thread of their own. A checkpoint
 * copies the pages committed to the WAL back into the database file and syncs it; run inside a
 * commit (SQLite's default, every 4 MB of WAL) it stalls that commit and every request queued
 * behind the single writer — the slowest 1 % of filings under load. Here a worker thread with
 * its own connection runs PASSIVE checkpoints, which never block writers or readers, while the
 * server's connection has automatic checkpoints turned off.
 */
import { Worker } from 'node:worker_threads';

// Plain CommonJS evaluated in the thread (no bundling, no TypeScript loader needed there).
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => { try { db.pragma('wal_checkpoint(' + mode + ')'); } catch {} };
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** A last checkpoint, then the thread ends. */
  stop(): Promise<void>;
}

export function startCheckpointer(options: { path: string; driver: string; everyMs?: number; onFailure(): void }): Checkpointer {
  const thread = new Worker(THREAD, {
    eval: true,
    workerData: { path: options.path, driver: options.driver, everyMs: options.everyMs ?? 250 },
    // It runs one pragma now and then: a small V8 heap keeps the server's idle memory down.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16, stackSizeMb: 1 },
  });
  // The server never waits for this thread to exit, and its failure must not end the server:
  // the server's own connection then checkpoints again (onFailure).
  thread.unref();
  thread.on('error', () => options.onFailure());
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  return {
    async stop() {
      thread.postMessage('stop');
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref())]);
    },
  };
}
