import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/helpers/app';
import { createEmptyTestDatabase, type TestDatabase } from '../../test/helpers/databases';
import { migrateToLatest } from './migrate';
import type { DB } from './schema';

/**
 * Every table and column of schema.ts. The type makes it exhaustive: a table or column added
 * to schema.ts and missing here (or the reverse) is a type error, and the test then checks the
 * migrations create exactly these.
 */
const SCHEMA: { [T in keyof DB]: Record<keyof DB[T] & string, true> } = {
  offices: { id: true, name: true, code: true, parent_id: true, active: true, created_at: true, updated_at: true },
  staff: { id: true, dni: true, first_name: true, last_name: true, phone: true, email: true, active: true, created_at: true, updated_at: true },
  staff_offices: { id: true, staff_id: true, office_id: true, year: true },
  categories: { id: true, name: true, sort_order: true, is_other: true, active: true, created_at: true, default_priority: true },
  users: {
    id: true,
    username: true,
    password_hash: true,
    full_name: true,
    role: true,
    active: true,
    on_duty: true,
    telegram_chat_id: true,
    telegram_username: true,
    telegram_linked_at: true,
    password_changed_at: true,
    created_at: true,
    updated_at: true,
    auth_source: true,
    totp_secret: true,
    totp_pending_secret: true,
    totp_enabled_at: true,
    totp_last_step: true,
  },
  sessions: { id: true, user_id: true, csrf_token: true, created_at: true, expires_at: true, last_seen_at: true },
  api_tokens: { id: true, user_id: true, name: true, token_hash: true, created_at: true, last_used_at: true, revoked_at: true },
  login_attempts: { id: true, username: true, ip: true, at: true },
  tickets: {
    id: true,
    code: true,
    staff_id: true,
    office_id: true,
    category_id: true,
    description: true,
    contact_phone: true,
    status: true,
    assignee_id: true,
    queued_at: true,
    created_at: true,
    updated_at: true,
    first_action_at: true,
    resolved_at: true,
    closed_at: true,
    waiting_since: true,
    waiting_ms: true,
    channel: true,
    asset_id: true,
    anonymised_at: true,
    lane: true,
    first_response_due_at: true,
    resolution_due_at: true,
    incident_id: true,
    resolution_business_minutes: true,
  },
  incidents: { id: true, title: true, public_message: true, status: true, category_id: true, created_by: true, created_at: true, resolved_at: true, resolution_note: true },
  incident_offices: { incident_id: true, office_id: true },
  incident_suggestions: { id: true, category_id: true, active_category_id: true, trigger_ticket_id: true, since: true, ticket_count: true, office_ids: true, created_at: true, ended_at: true },
  incident_updates: { id: true, incident_id: true, message: true, created_by: true, created_at: true },
  ticket_events: {
    id: true,
    ticket_id: true,
    type: true,
    from_status: true,
    to_status: true,
    actor_user_id: true,
    channel: true,
    note: true,
    at: true,
    from_priority: true,
    to_priority: true,
    incident_id: true,
  },
  attachments: { id: true, ticket_id: true, event_id: true, message_id: true, sha256: true, name: true, mime: true, size: true, position: true, created_at: true },
  ticket_messages: { id: true, ticket_id: true, author_kind: true, author_user_id: true, body: true, channel: true, created_at: true },
  ticket_surveys: { ticket_id: true, score: true, comment: true, created_at: true },
  ticket_subscriptions: { id: true, ticket_id: true, chat_id: true, created_at: true },
  idempotency_keys: { key: true, request_hash: true, status_code: true, response_body: true, created_at: true },
  faqs: { id: true, question: true, answer: true, keywords: true, category_id: true, active: true, needs_ticket: true, created_at: true, updated_at: true },
  faq_vectors: { vector_key: true, model: true, dimensions: true, vector: true, created_at: true },
  assistant_interactions: {
    id: true,
    public_id: true,
    created_at: true,
    source: true,
    model: true,
    models_tried: true,
    latency_ms: true,
    prompt_tokens: true,
    completion_tokens: true,
    faq_id: true,
    escalated: true,
    helpful: true,
    feedback_at: true,
  },
  llm_models: { model: true, unavailable_until: true, consecutive_failures: true, last_error: true, last_success_at: true, updated_at: true },
  notifications: {
    id: true,
    ticket_id: true,
    user_id: true,
    chat_id: true,
    kind: true,
    channel: true,
    status: true,
    telegram_message_id: true,
    error: true,
    link_token: true,
    created_at: true,
    sent_at: true,
    opened_at: true,
    opened_via: true,
    acted_at: true,
  },
  jobs: {
    id: true,
    type: true,
    payload: true,
    status: true,
    attempts: true,
    max_attempts: true,
    run_at: true,
    locked_by: true,
    locked_until: true,
    last_error: true,
    dedupe_key: true,
    created_at: true,
    updated_at: true,
  },
  telegram_updates: { update_id: true, received_at: true },
  link_tokens: { token_hash: true, kind: true, user_id: true, ticket_id: true, expires_at: true, used_at: true, created_at: true },
  settings: { key: true, value: true, updated_at: true },
  admin_notices: { id: true, kind: true, message: true, created_at: true, read_at: true },
  metrics_ticket_days: {
    day: true,
    tickets: true,
    first_actions: true,
    first_action_ms: true,
    sent: true,
    opened: true,
    responded: true,
    response_ms: true,
  },
  metrics_notification_days: { day: true, notifications: true, sent: true, opened: true },
  metrics_rollup_lock: { id: true, version: true },
  sla_notices: { ticket_id: true, kind: true, created_at: true },
  assets: {
    id: true,
    code: true,
    description: true,
    brand: true,
    model: true,
    serial: true,
    office_id: true,
    custodian_staff_id: true,
    active: true,
    created_at: true,
    updated_at: true,
  },
  totp_recovery_codes: { id: true, user_id: true, code_hash: true, created_at: true, used_at: true },
  personal_data_access: { id: true, at: true, user_id: true, kind: true, fields: true, ticket_id: true, staff_id: true, people: true },
  account_events: { id: true, at: true, user_id: true, actor_user_id: true, type: true, detail: true },
};

/** The migrator's own bookkeeping tables. */
const MIGRATOR_TABLES = ['itims_migrations', 'itims_migrations_lock'];

describeEachDialect('migrations', (dialect) => {
  let database: TestDatabase;
  let firstRun: string[];

  beforeAll(async () => {
    database = await createEmptyTestDatabase(dialect);
    firstRun = await migrateToLatest(database);
  });
  afterAll(() => database.drop());

  async function tables(): Promise<Map<string, string[]>> {
    const found = await database.db.introspection.getTables();
    return new Map(found.map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
  }

  it('applies every migration to an empty database', () => {
    expect(firstRun.length).toBeGreaterThanOrEqual(1);
    expect(firstRun[0]).toBe('2026-11-26-0001-initial-model');
  });

  it('creates every table of schema.ts with exactly its columns', async () => {
    const found = await tables();
    for (const [table, columns] of Object.entries(SCHEMA)) {
      expect(found.get(table), `table ${table}`).toEqual(Object.keys(columns).sort());
    }
    expect([...found.keys()].sort()).toEqual([...Object.keys(SCHEMA), ...MIGRATOR_TABLES].sort());
  });

  it('does nothing when run again', async () => {
    const before = await tables();
    expect(await migrateToLatest(database)).toEqual([]);
    expect(await tables()).toEqual(before);
  });

  it('leaves a schema the app can write to and read from', async () => {
    // Round trip through the most-used table types: BIGINT milliseconds, SMALLINT flags, unicode text.
    const at = Date.UTC(2026, 10, 26, 15, 30);
    await database.db.insertInto('offices').values({ name: 'Oficina de Tecnologías de la Información — Ñuñoa', code: 'OTI', parent_id: null, active: 1, created_at: at, updated_at: at }).execute();
    const row = await database.db.selectFrom('offices').selectAll().where('code', '=', 'OTI').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Oficina de Tecnologías de la Información — Ñuñoa', active: 1, created_at: at, parent_id: null });
    expect(typeof row.id).toBe('number');
  });
});
