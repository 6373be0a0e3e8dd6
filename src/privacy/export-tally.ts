/**
 * Exports and the access log. No export selects a requester's DNI or phone, but the tickets CSV
 * carries each ticket's description as the requester typed it — and people do type "mi DNI es
 * 45871236, llámenme al 987 654 321". The tally looks at each exported description with the PII
 * sanitizer (the same one the assistant and the retention purge use) and, once the export ends
 * (or is cut short), records one `export` entry: which fields, how many tickets carried them
 * (`people`), and the ticket when it was only one. Never the value itself. An export whose
 * descriptions carry neither writes nothing, like every other read that shows no one's data.
 */
import type { Executor } from '../db/database';
import { PLACEHOLDERS, sanitize } from '../assistant/sanitizer';
import { insertPersonalDataRead, type PersonalField } from './access-log.repository';

const count = (text: string, needle: string): number => text.split(needle).length - 1;

/** Which of DNI and phone a free text carries, as the sanitizer sees them. */
export function personalFieldsInText(text: string): PersonalField[] {
  // A DNI has 8 digits and a phone 9 (or 6–7 for a landline): a text with fewer digits carries
  // neither, and most descriptions skip the sanitizer (numbers spelled out in words are not looked for).
  if ((text.match(/\d/g)?.length ?? 0) < 6) return [];
  const masked = sanitize(text);
  const fields: PersonalField[] = [];
  if (count(masked, PLACEHOLDERS.dni) > count(text, PLACEHOLDERS.dni)) fields.push('dni');
  if (count(masked, PLACEHOLDERS.phone) > count(text, PLACEHOLDERS.phone)) fields.push('phone');
  return fields;
}

export class ExportTally {
  private readonly fields = new Set<PersonalField>();
  private readonly tickets: number[] = [];
  private recorded = false;

  constructor(
    private readonly db: Executor,
    private readonly userId: number,
    private readonly clock: () => number,
  ) {}

  /** One exported ticket's free text. */
  see(ticketId: number, text: string): void {
    const found = personalFieldsInText(text);
    if (!found.length) return;
    for (const f of found) this.fields.add(f);
    this.tickets.push(ticketId);
  }

  /** Writes the entry (once), when anything personal went out. */
  async record(): Promise<void> {
    if (this.recorded || !this.tickets.length) return;
    this.recorded = true;
    const fields = (['dni', 'phone'] as const).filter((f) => this.fields.has(f));
    await insertPersonalDataRead(this.db, {
      at: this.clock(),
      userId: this.userId,
      kind: 'export',
      fields,
      ticketId: this.tickets.length === 1 ? this.tickets[0]! : null,
      people: this.tickets.length,
    });
  }
}
