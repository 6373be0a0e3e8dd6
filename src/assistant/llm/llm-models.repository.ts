/** Model availability shared by every instance (the `llm_models` table). */
import type { DialectName, Executor } from '../../db/database';

export interface ModelState {
  model: string;
  unavailableUntil: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  lastSuccessAt: number | null;
  updatedAt: number;
}

export async function listModelStates(db: Executor): Promise<ModelState[]> {
  const rows = await db.selectFrom('llm_models').selectAll().execute();
  return rows.map((r) => ({
    model: r.model,
    unavailableUntil: r.unavailable_until,
    consecutiveFailures: r.consecutive_failures,
    lastError: r.last_error,
    lastSuccessAt: r.last_success_at,
    updatedAt: r.updated_at,
  }));
}

/** Writes a model's whole state (insert or replace), on the three dialects. */
export async function saveModelState(db: Executor, dialect: DialectName, s: ModelState): Promise<void> {
  const values = {
    model: s.model,
    unavailable_until: s.unavailableUntil,
    consecutive_failures: s.consecutiveFailures,
    last_error: s.lastError === null ? null : s.lastError.slice(0, 500),
    last_success_at: s.lastSuccessAt,
    updated_at: s.updatedAt,
  };
  const { model: _model, ...changes } = values;
  const insert = db.insertInto('llm_models').values(values);
  if (dialect === 'mysql') await insert.onDuplicateKeyUpdate(changes).execute();
  else await insert.onConflict((oc) => oc.column('model').doUpdateSet(changes)).execute();
}

/** Clears a model's failures (admin "retry now"). */
export async function clearModelState(db: Executor, model: string, now: number): Promise<void> {
  await db.updateTable('llm_models').set({ unavailable_until: null, consecutive_failures: 0, updated_at: now }).where('model', '=', model).execute();
}
