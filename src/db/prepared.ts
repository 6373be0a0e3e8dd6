/**
 * Queries whose shape never changes, built and compiled by Kysely once per dialect and then run
 * with new parameters. Building and compiling a query costs more than running a small one on
 * SQLite (~30 µs against ~10 µs); the hot paths (tracking a ticket, filing one, the bearer-token
 * check) use this. The builder is the usual typed Kysely code; its arguments must only ever be
 * values (they become parameters), never change the query's shape.
 * On SQLite their reads run straight on an idle connection (`readNow`); on PostgreSQL they run as
 * named prepared statements (`nameStatement`), reads outside transactions straight on the pool
 * (`readNamed`).
 */
import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import { nameStatement, readNamed, readNow, type Executor } from './database';

/** Stands for argument `index` while the query is compiled. */
class Slot {
  constructor(readonly index: number) {}
}

interface Template {
  compiled: CompiledQuery;
  /** For each parameter: the argument it comes from, or null for a constant of the query. */
  sources: (number | null)[];
}

export interface PreparedQuery<A extends unknown[], O> {
  execute(db: Executor, ...args: A): Promise<QueryResult<O>>;
  rows(db: Executor, ...args: A): Promise<O[]>;
  first(db: Executor, ...args: A): Promise<O | undefined>;
}

export function prepared<A extends unknown[], O>(build: (db: Executor, ...args: A) => Compilable<O>): PreparedQuery<A, O> {
  // Keyed by the dialect's adapter class: the SQL text differs between dialects, not between
  // connections or transactions of one dialect.
  const templates = new Map<unknown, Template>();
  const templateFor = (db: Executor, arity: number): Template => {
    const adapter = db.getExecutor().adapter.constructor;
    let t = templates.get(adapter);
    if (!t) {
      const slots = Array.from({ length: arity }, (_, i) => new Slot(i));
      const compiled = build(db, ...(slots as unknown as A)).compile();
      const sources = compiled.parameters.map((p) => (p instanceof Slot ? p.index : null));
      const missing = slots.filter((s) => !sources.includes(s.index));
      if (missing.length) throw new Error(`prepared(): el argumento ${missing[0]!.index} no llegó a ser un parámetro de «${compiled.sql}»`);
      t = { compiled, sources };
      templates.set(adapter, t);
      // On PostgreSQL the text runs as a named prepared statement (see `nameStatement`).
      nameStatement(compiled.sql);
    }
    return t;
  };
  const execute = (db: Executor, ...args: A): Promise<QueryResult<O>> => {
    const { compiled, sources } = templateFor(db, args.length);
    const parameters = sources.map((s, i) => (s === null ? compiled.parameters[i] : args[s]));
    // SQLite reads outside any transaction skip Kysely's connection mutex (see `readNow`).
    try {
      const rows = readNow(db, compiled.sql, parameters);
      if (rows) return Promise.resolve({ rows: rows as O[] });
    } catch (err) {
      return Promise.reject(err);
    }
    // PostgreSQL reads outside transactions go straight to the pool, as named statements.
    if (compiled.query.kind === 'SelectQueryNode') {
      const named = readNamed(db, compiled.sql, parameters);
      if (named) return named.then((rows) => ({ rows: rows as O[] }));
    }
    return db.executeQuery<O>({ ...compiled, parameters } as CompiledQuery<O>);
  };
  return {
    execute,
    rows: async (db, ...args) => (await execute(db, ...args)).rows,
    first: async (db, ...args) => (await execute(db, ...args)).rows[0],
  };
}
