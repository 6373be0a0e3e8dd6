/**
 * Table types for Kysely. Conventions, the same on SQLite, PostgreSQL and MariaDB:
 * - times are BIGINT milliseconds since the Unix epoch (UTC); local days are computed in code;
 * - flags are SMALLINT 0/1 (SQLite has no boolean, MariaDB's is TINYINT) and become booleans
 *   in the repositories;
 * - ids are auto-increment integers; secrets (tokens) are stored only as SHA-256 hex digests.
 * Only `*.repository.ts` files and `db/` use these types directly.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Flag = 0 | 1;
/** `waiting`: the technician waits for the requester's answer (the ticket keeps its assignee). */
export type TicketStatus = 'registered' | 'in_progress' | 'waiting' | 'resolved' | 'cancelled';
export type Channel = 'portal' | 'web' | 'telegram' | 'api' | 'system';
export type UserRole = 'admin' | 'technician';

export interface OfficesTable {
  id: Generated<number>;
  name: string;
  code: string | null;
  parent_id: number | null;
  active: Flag;
  created_at: number;
  updated_at: number;
}

export interface StaffTable {
  id: Generated<number>;
  dni: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  /** Where followers of the person's tickets get e-mail (with SMTP configured); optional. */
  email: string | null;
  active: Flag;
  created_at: number;
  updated_at: number;
}

/** Each person's office per year (the institution reassigns staff every year). */
export interface StaffOfficesTable {
  id: Generated<number>;
  staff_id: number;
  office_id: number;
  year: number;
}

export interface CategoriesTable {
  id: Generated<number>;
  name: string;
  sort_order: number;
  /** "Otros": always listed last, whatever its sort order. */
  is_other: Flag;
  active: Flag;
  created_at: number;
  /** The priority a ticket of this category gets at filing. */
  default_priority: Generated<TicketPriority>;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  full_name: string;
  role: UserRole;
  active: Flag;
  on_duty: Flag;
  telegram_chat_id: string | null;
  telegram_username: string | null;
  telegram_linked_at: number | null;
  password_changed_at: number;
  created_at: number;
  updated_at: number;
  /** `ldap`: the account signs in against the directory (LDAP/AD), never with a local password. */
  auth_source: Generated<AuthSource>;
  /** The confirmed TOTP secret, sealed with the installation key (secret-box.ts; plaintext Base32 only before the first start after 0181); null = no second factor. */
  totp_secret: string | null;
  /** A secret being enrolled (sealed too), until its first code is confirmed. */
  totp_pending_secret: string | null;
  totp_enabled_at: number | null;
  /** The last accepted 30-second step: codes of that step or earlier are replays. */
  totp_last_step: number | null;
}

export type AuthSource = 'local' | 'ldap';

/** Single-use recovery codes of the second factor: only their SHA-256 is kept. */
export interface TotpRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

export type PersonalDataAccessKind = 'ticket_page' | 'ticket_api' | 'ticket_search' | 'staff_directory' | 'equipment' | 'export';

/** Who read a requester's DNI or phone, when and where (never the value). */
export interface PersonalDataAccessTable {
  id: Generated<number>;
  at: number;
  user_id: number;
  kind: PersonalDataAccessKind;
  /** "dni", "phone" or "dni,phone". */
  fields: string;
  ticket_id: number | null;
  staff_id: number | null;
  people: Generated<number>;
}

/** Audited account changes: second factor reset by an admin, directory sign-in changes. */
export interface AccountEventsTable {
  id: Generated<number>;
  at: number;
  user_id: number;
  actor_user_id: number | null;
  type: string;
  detail: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at: number;
}

export interface TicketsTable {
  id: Generated<number>;
  code: string;
  staff_id: number;
  office_id: number;
  category_id: number;
  description: string;
  contact_phone: string | null;
  status: TicketStatus;
  assignee_id: number | null;
  /** FIFO key: the registration time, kept when a ticket is released back to the queue. */
  queued_at: number;
  created_at: number;
  updated_at: number;
  /** First action by a technician (assignment or note): the technician response time. */
  first_action_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  /** Since when it waits for the requester (status `waiting`); null otherwise. */
  waiting_since: Generated<number | null>;
  /** Time spent waiting for the requester in earlier waits (the current one is `now - waiting_since`). */
  waiting_ms: Generated<number>;
  /** Which channel created it: portal, api, assistant escalation. */
  channel: Channel;
  /** The equipment it is about (código patrimonial), when the requester chose one. */
  asset_id: number | null;
  /** When the retention purge removed the requester's personal data (null = not yet). */
  anonymised_at: number | null;
  /** The queue lane of the ticket's priority: 0 critical, 1 high, 2 normal, 3 low (tickets/priority.ts). */
  lane: Generated<number>;
  /** SLA due instants on the business calendar; null while paused (`waiting`) or with no target. */
  first_response_due_at: Generated<number | null>;
  resolution_due_at: Generated<number | null>;
  /** The major incident this ticket is a child of (null = not linked): children are out of the queue. */
  incident_id: Generated<number | null>;
  /** Registration → resolution in business minutes of the institution's calendar, stored at resolving (null: open, reopened, or resolved before migration 0195). */
  resolution_business_minutes: Generated<number | null>;
}

/** A major incident (issue 19): one outage, one ticket. */
export interface IncidentsTable {
  id: Generated<number>;
  title: string;
  public_message: string;
  status: 'open' | 'resolved';
  category_id: number | null;
  created_by: number | null;
  created_at: number;
  resolved_at: number | null;
  resolution_note: string | null;
}

/**
 * A suggested incident the detector raised (issue 19). `active_category_id` is the category while
 * the suggestion is active and null once it ended: its unique index makes one active suggestion per
 * category, so its staff notice goes out once whoever detects it.
 */
export interface IncidentSuggestionsTable {
  id: Generated<number>;
  category_id: number;
  active_category_id: number | null;
  trigger_ticket_id: number;
  since: number;
  ticket_count: number;
  /** Comma-separated office ids. */
  office_ids: string;
  created_at: number;
  ended_at: number | null;
}

/** A public update staff posted on an incident: shown on its children's tracking pages, sent to their followers. */
export interface IncidentUpdatesTable {
  id: Generated<number>;
  incident_id: number;
  message: string;
  created_by: number | null;
  created_at: number;
}

/** The offices an incident affects (none = every office). */
export interface IncidentOfficesTable {
  incident_id: number;
  office_id: number;
}

export type TicketPriority = 'low' | 'normal' | 'high' | 'critical';

/** One row per ticket and SLA notice kind: each warning goes out once. */
export interface SlaNoticesTable {
  ticket_id: number;
  kind: 'first_response_warning' | 'first_response_breach' | 'resolution_warning' | 'resolution_breach';
  created_at: number;
}

export type TicketEventType =
  | 'created'
  | 'assigned'
  | 'released'
  | 'resolved'
  | 'cancelled'
  | 'waiting'
  | 'resumed'
  | 'reopened'
  | 'priority_changed'
  | 'note'
  | 'notified'
  | 'reminded'
  /** Linked to a major incident at filing (automatically, or "Sumarme"): a filing deflected. */
  | 'incident_joined'
  /** Staff linked it to / unlinked it from a major incident. */
  | 'incident_linked'
  | 'incident_unlinked';

/** Timeline and audit trail: who did what, through which channel, when. */
export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: number;
  type: TicketEventType;
  from_status: TicketStatus | null;
  to_status: TicketStatus | null;
  actor_user_id: number | null;
  channel: Channel;
  note: string | null;
  at: number;
  /** A `priority_changed` event: from which priority to which (null on other events). */
  from_priority: Generated<TicketPriority | null>;
  to_priority: Generated<TicketPriority | null>;
  /** An `incident_*` event: which incident. */
  incident_id: Generated<number | null>;
}

/** A file attached to a ticket, a note or a message; the bytes live on disk under `sha256`. */
export interface AttachmentsTable {
  /** Random, unguessable: holding it is what lets a client attach an upload. */
  id: string;
  /** Null while an upload (`POST /attachments`) waits to be used. */
  ticket_id: number | null;
  /** The note (`ticket_events` row) it came with. */
  event_id: number | null;
  /** The conversation message (`ticket_messages` row) it came with. */
  message_id: number | null;
  sha256: string;
  name: string;
  mime: string;
  size: number;
  /** Order within what it is attached to. */
  position: Generated<number>;
  created_at: number;
}

/**
 * The conversation with the requester: public replies from staff and the requester's answers,
 * shown oldest first on the tracking page. Internal notes are `ticket_events` rows, never here.
 */
export interface TicketMessagesTable {
  id: Generated<number>;
  ticket_id: number;
  author_kind: 'staff' | 'requester';
  /** The staff author; null for the requester. */
  author_user_id: number | null;
  body: string;
  channel: Channel;
  created_at: number;
}

export interface TicketSurveysTable {
  ticket_id: number;
  score: number;
  comment: string | null;
  created_at: number;
}

/** A requester who opted in to hear a ticket's status changes on Telegram. */
export interface TicketSubscriptionsTable {
  id: Generated<number>;
  ticket_id: number;
  chat_id: string;
  created_at: number;
}

export interface IdempotencyKeysTable {
  /** Scope (route) + ':' + the client's key. */
  key: string;
  request_hash: string;
  status_code: number;
  response_body: string;
  created_at: number;
}

export interface FaqsTable {
  id: Generated<number>;
  question: string;
  answer: string;
  keywords: string;
  category_id: number | null;
  active: Flag;
  /** The case needs a technician: answering with this entry offers a ticket. */
  needs_ticket: Generated<Flag>;
  created_at: number;
  updated_at: number;
}

/**
 * The embeddings rerank's cache (issue 15): one vector per FAQ text and model. `vector_key` is
 * sha256(model + text); `vector` is base64 of little-endian float32. Shared by every instance.
 */
export interface FaqVectorsTable {
  vector_key: string;
  model: string;
  dimensions: number;
  vector: string;
  created_at: number;
}

/** Assistant metrics only: never the text of the conversation. */
export interface AssistantInteractionsTable {
  id: Generated<number>;
  /** Public id returned to the client (for feedback), unguessable. */
  public_id: string;
  created_at: number;
  source: 'llm' | 'faq' | 'none';
  model: string | null;
  models_tried: string;
  latency_ms: number;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  faq_id: number | null;
  /** Suggested a ticket (escalation offered). */
  escalated: Flag;
  helpful: Flag | null;
  feedback_at: number | null;
}

export interface LlmModelsTable {
  model: string;
  unavailable_until: number | null;
  consecutive_failures: number;
  last_error: string | null;
  last_success_at: number | null;
  updated_at: number;
}

export interface NotificationsTable {
  id: Generated<number>;
  ticket_id: number;
  /** Technician notified; null for a requester subscription. */
  user_id: number | null;
  chat_id: string | null;
  /** `answer`: the requester answered (to the assignee); `reply`: staff replied (to followers). */
  kind: 'new_ticket' | 'reminder' | 'status' | 'answer' | 'reply' | 'sla_warning' | 'sla_breach' | 'suggestion' | 'incident';
  channel: 'telegram' | 'web' | 'email';
  status: 'pending' | 'sent' | 'failed';
  telegram_message_id: string | null;
  error: string | null;
  /** Token of the tracked link `/n/{token}`. */
  link_token: string;
  created_at: number;
  sent_at: number | null;
  opened_at: number | null;
  opened_via: 'link' | 'button' | null;
  acted_at: number | null;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

/** Transactional outbox. */
export interface JobsTable {
  id: Generated<number>;
  type: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  /** Optional: a second job with the same key is not created (e.g. one message per ticket and technician). */
  dedupe_key: string | null;
  created_at: number;
  updated_at: number;
}

export interface TelegramUpdatesTable {
  update_id: number;
  received_at: number;
}

/** One-time tokens: Telegram linking deep links, requester opt-in. */
export interface LinkTokensTable {
  token_hash: string;
  kind: 'user' | 'ticket';
  user_id: number | null;
  ticket_id: number | null;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

/** Notices for admins shown in the panel (a bot blocked by a user, a job parked, …). */
export interface AdminNoticesTable {
  id: Generated<number>;
  kind: string;
  message: string;
  created_at: number;
  read_at: number | null;
}

/**
 * Dashboard rollups (metrics/rollups.ts): per UTC day (`floor(ms / 86,400,000)`) of ticket
 * registration, what the technician notifications of that day's tickets add up to, with the
 * fingerprint of those tickets when it was computed.
 */
export interface MetricsTicketDaysTable {
  day: number;
  tickets: number;
  first_actions: number;
  first_action_ms: number;
  sent: number;
  opened: number;
  responded: number;
  response_ms: number;
}

/** Per UTC day of notification creation: counts that only grow (all, with `sent_at`, with `opened_at`). */
export interface MetricsNotificationDaysTable {
  day: number;
  notifications: number;
  sent: number;
  opened: number;
}

/** One row; rollup writers update it first so they take turns. */
export interface MetricsRollupLockTable {
  id: number;
  version: number;
}

/** Equipment by código patrimonial (`equipment/`): deactivated, never deleted, as tickets refer to it. */
export interface AssetsTable {
  id: Generated<number>;
  /** Digits only: spaces and dashes typed or printed are removed before it is stored or looked up. */
  code: string;
  description: string;
  brand: string | null;
  model: string | null;
  serial: string | null;
  office_id: number;
  custodian_staff_id: number | null;
  active: Flag;
  created_at: number;
  updated_at: number;
}

export interface DB {
  offices: OfficesTable;
  staff: StaffTable;
  staff_offices: StaffOfficesTable;
  categories: CategoriesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  tickets: TicketsTable;
  incidents: IncidentsTable;
  incident_offices: IncidentOfficesTable;
  incident_suggestions: IncidentSuggestionsTable;
  incident_updates: IncidentUpdatesTable;
  ticket_events: TicketEventsTable;
  attachments: AttachmentsTable;
  ticket_messages: TicketMessagesTable;
  ticket_surveys: TicketSurveysTable;
  ticket_subscriptions: TicketSubscriptionsTable;
  idempotency_keys: IdempotencyKeysTable;
  faqs: FaqsTable;
  faq_vectors: FaqVectorsTable;
  assistant_interactions: AssistantInteractionsTable;
  llm_models: LlmModelsTable;
  notifications: NotificationsTable;
  jobs: JobsTable;
  telegram_updates: TelegramUpdatesTable;
  link_tokens: LinkTokensTable;
  settings: SettingsTable;
  admin_notices: AdminNoticesTable;
  metrics_ticket_days: MetricsTicketDaysTable;
  metrics_notification_days: MetricsNotificationDaysTable;
  metrics_rollup_lock: MetricsRollupLockTable;
  assets: AssetsTable;
  totp_recovery_codes: TotpRecoveryCodesTable;
  personal_data_access: PersonalDataAccessTable;
  account_events: AccountEventsTable;
  sla_notices: SlaNoticesTable;
}

export type TicketRow = Selectable<TicketsTable>;
export type NewTicketRow = Insertable<TicketsTable>;
export type TicketUpdate = Updateable<TicketsTable>;
