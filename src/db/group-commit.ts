/**
 * Group commit for SQLite. SQLite has one writer, and most of a small write transaction's cost
 * is its commit (every touched page — table and index leaves — goes to the WAL once per commit).
 * Concurrent writers that arrive together are therefore run in ONE transaction, each inside its
 * own savepoint: a unit that fails is rolled back alone and gets its own error, the others
 * commit together, and nobody hears "done" before the commit that holds its rows.
 *
 * PostgreSQL and MariaDB run each unit in its own transaction (they have many writers, and a
 * shared transaction would hold one unit's row locks for the whole group).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database';
import { isTransientError } from './dialect';
import type { DB } from './schema';

/**
 * Runs `attempt` again (a few times, after a short random pause) while it fails with an error the
 * database means as "try again" (`isTransientError`); the last such error propagates, and the
 * error handler answers it 503.
 */
export async function retryingTransient<T>(attempt: () => Promise<T>, attempts = 4): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= attempts || !isTransientError(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 20 * n)));
    }
  }
}

export type TransactionWork<T> = (trx: Transaction<DB>) => Promise<T>;

interface Unit {
  work: TransactionWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Units per transaction: bounds how long one group holds the writer (and its tail latency). */
const MAX_GROUP = 64;

class GroupCommitter {
  private queue: Unit[] = [];
  private draining = false;

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(work: TransactionWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: work as TransactionWork<unknown>, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Let the requests already read from the sockets in this turn join the first group.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const group = this.queue.splice(0, MAX_GROUP);
        if (group.length === 1) {
          await this.runAlone(group[0]!);
          continue;
        }
        await this.commitGroup(group);
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitGroup(group: Unit[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const unit of group) {
          await sql`savepoint group_unit`.execute(trx);
          try {
            const value = await unit.work(trx);
            await sql`release savepoint group_unit`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            // Undo this unit's writes only; if even that fails the whole group rolls back below.
            await sql`rollback to savepoint group_unit`.execute(trx);
            await sql`release savepoint group_unit`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch {
      // Nothing of the group is stored, so no unit's outcome can be trusted: one may have failed
      // only because of another's rows that now never existed (the same person → TOO_MANY_TICKETS,
      // the same Idempotency-Key → 409). Each unit runs again, alone, and gets its own answer.
      for (const unit of group) await this.runAlone(unit);
      return;
    }
    group.forEach((unit, i) => {
      const o = outcomes[i]!;
      if (o.ok) unit.resolve(o.value);
      else unit.reject(o.error);
    });
  }

  private runAlone(unit: Unit): Promise<void> {
    return retryingTransient(() => this.db.transaction().execute(unit.work)).then(unit.resolve, unit.reject);
  }
}

const committers = new WeakMap<Kysely<DB>, GroupCommitter>();

/**
 * Runs `work` in a transaction; on SQLite, together with the other units that arrived in the
 * same turn of the event loop. `work` must not catch database errors and carry on (a failed
 * statement inside it is undone with the rest of the unit, by savepoint).
 */
export function inGroupCommit<T>(database: Database, work: TransactionWork<T>): Promise<T> {
  if (database.dialect !== 'sqlite') return retryingTransient(() => database.db.transaction().execute(work));
  let committer = committers.get(database.db);
  if (!committer) {
    committer = new GroupCommitter(database.db);
    committers.set(database.db, committer);
  }
  return committer.run(work);
}
