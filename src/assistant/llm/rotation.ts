/**
 * Model rotation: CHAT_MODELS are tried in order; a model is left for the next on 429, 5xx,
 * timeout, an empty answer, an error inside a 200 body or a 200 without choices. Availability
 * is shared through the database so a dead model costs no latency on any instance:
 * - 404 ("No endpoints found": free variants come and go) → skipped for an hour;
 * - 3 failures in a row → skipped for a few minutes.
 * A whole conversation turn is bounded (twice the per-model timeout), so the person always gets
 * an answer — from the FAQ if need be — in reasonable time.
 */
import type { DialectName, Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import type { Attempt, ChatClient, ChatMessage, FailureKind } from './chat-client';
import { listModelStates, saveModelState, type ModelState } from './llm-models.repository';
import { recordLlmCall, type LlmOutcome } from '../../metrics/prometheus';

export const NOT_FOUND_COOLDOWN_MS = 60 * 60_000;
export const FAILURE_COOLDOWN_MS = 5 * 60_000;
export const FAILURES_BEFORE_COOLDOWN = 3;

export interface RotationDeps {
  db: Executor;
  dialect: DialectName;
  clock: Clock;
  client: ChatClient;
  models: string[];
  timeoutMs: number;
}

export interface RotationResult {
  reply: string | null;
  /** The model that actually answered (as reported by the endpoint). */
  model: string | null;
  /** Every model a request was sent to, in order. */
  modelsTried: string[];
  promptTokens: number | null;
  completionTokens: number | null;
}

const fresh = (model: string, now: number): ModelState => ({
  model,
  unavailableUntil: null,
  consecutiveFailures: 0,
  lastError: null,
  lastSuccessAt: null,
  updatedAt: now,
});

/** Models that are skipped right now (cooling down after a 404 or repeated failures). */
export function isCoolingDown(state: ModelState | undefined, now: number): boolean {
  return !!state?.unavailableUntil && state.unavailableUntil > now;
}

function afterFailure(state: ModelState, kind: FailureKind, detail: string, now: number): ModelState {
  const failures = state.consecutiveFailures + 1;
  let until: number | null = null;
  if (kind === 'not_found') until = now + NOT_FOUND_COOLDOWN_MS;
  else if (failures >= FAILURES_BEFORE_COOLDOWN) until = now + FAILURE_COOLDOWN_MS;
  return { ...state, consecutiveFailures: failures, unavailableUntil: until, lastError: `${kind}: ${detail}`, updatedAt: now };
}

/** The Prometheus outcome of one model call. */
function outcomeOf(attempt: Attempt): LlmOutcome {
  if (attempt.ok) return 'ok';
  if (attempt.kind === 'timeout') return 'timeout';
  if (attempt.kind === 'rate_limited') return 'rate_limited';
  if (attempt.kind === 'not_found') return 'unavailable';
  return 'error';
}

export async function completeWithRotation(deps: RotationDeps, messages: ChatMessage[]): Promise<RotationResult> {
  const start = deps.clock();
  const deadline = Date.now() + deps.timeoutMs * 2;
  const states = new Map((await listModelStates(deps.db)).map((s) => [s.model, s]));
  const result: RotationResult = { reply: null, model: null, modelsTried: [], promptTokens: null, completionTokens: null };

  for (const model of deps.models) {
    if (isCoolingDown(states.get(model), start)) continue;
    const remaining = deadline - Date.now();
    if (remaining < 250) break;
    result.modelsTried.push(model);
    const attempt: Attempt = await deps.client.complete(model, messages, Math.min(deps.timeoutMs, remaining));
    const now = deps.clock();
    const state = states.get(model) ?? fresh(model, now);
    recordLlmCall(model, outcomeOf(attempt), now);
    if (attempt.ok) {
      await saveModelState(deps.db, deps.dialect, { ...state, consecutiveFailures: 0, unavailableUntil: null, lastSuccessAt: now, updatedAt: now });
      return { ...result, reply: attempt.reply, model: attempt.model, promptTokens: attempt.promptTokens, completionTokens: attempt.completionTokens };
    }
    await saveModelState(deps.db, deps.dialect, afterFailure(state, attempt.kind, attempt.detail, now));
  }
  return result;
}
