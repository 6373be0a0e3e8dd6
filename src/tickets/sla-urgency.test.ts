import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { businessMinutesBetween, compileCalendar } from '../sla/business-calendar';
import { defaultCalendar, DEFAULT_SLA_TARGETS } from '../sla/calendar-defaults';
import type { SlaPolicy } from '../sla/sla-policy';
import type { TicketPriority } from '../db/schema';
import { dueState, slaJudge, type SlaClock, type SlaState } from './sla-urgency';
import { WARNING_SHARE } from './sla-due';

/** The state as the definition reads: business minutes left between now and the due instant, against 25 % of the target. */
function reference(policy: SlaPolicy, priority: TicketPriority, clock: SlaClock, dueAt: number | null, now: number): SlaState {
  if (dueAt === null) return 'none';
  if (now > dueAt) return 'breached';
  const target = policy.targets.find((t) => t.priority === priority && t.categoryId === null)!;
  const minutes = clock === 'firstResponse' ? target.firstResponseMinutes : target.resolutionMinutes;
  return businessMinutesBetween(policy.calendar, now, dueAt) <= minutes * (1 - WARNING_SHARE) ? 'warning' : 'ok';
}

describe('SLA states of a page of tickets', () => {
  const policies: SlaPolicy[] = ['America/Lima', 'Europe/Madrid', 'Asia/Kathmandu'].map((zone) => ({
    calendar: compileCalendar({
      ...defaultCalendar(zone, 2026),
      hours: {
        ...defaultCalendar(zone, 2026).hours,
        mon: [
          ['08:00', '13:00'],
          ['14:00', '16:45'],
        ],
        sat: [['22:00', '02:30']],
      },
    }),
    targets: DEFAULT_SLA_TARGETS,
  }));

  it('judges every row as the definition does, one judge for the whole page (property)', () => {
    const priority = fc.constantFrom<TicketPriority>('critical', 'high', 'normal', 'low');
    const clock = fc.constantFrom<SlaClock>('firstResponse', 'resolution');
    const row = fc.record({ priority, clock, offset: fc.integer({ min: -86_400_000, max: 10 * 86_400_000 }) });
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-20T00:00:00Z') }),
        fc.array(row, { minLength: 1, maxLength: 40 }),
        (policy, now, rows) => {
          const judge = slaJudge(policy, now);
          for (const r of rows) {
            const dueAt = now + r.offset;
            const want = reference(policy, r.priority, r.clock, dueAt, now);
            expect(judge.state({ priority: r.priority, categoryId: 1 }, r.clock, dueAt)).toBe(want);
            expect(dueState(policy, { priority: r.priority, categoryId: 1 }, r.clock, dueAt, now)).toBe(want);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('turns amber exactly when a quarter of the target is left in business minutes', () => {
    const policy = policies[0]!;
    // Tuesday 1 December 2026, 10:00 in Lima; normal: first response in 240 business minutes, warned with 60 left.
    const now = Date.parse('2026-12-01T10:00:00-05:00');
    const judge = slaJudge(policy, now);
    const normal = { priority: 'normal' as const, categoryId: 1 };
    expect(judge.state(normal, 'firstResponse', now + 60 * 60_000)).toBe('warning');
    expect(judge.state(normal, 'firstResponse', now + 60 * 60_000 + 1)).toBe('ok');
    expect(judge.state(normal, 'firstResponse', now - 1)).toBe('breached');
    expect(judge.state(normal, 'firstResponse', null)).toBe('none');
    // High: 60 minutes, warned with 15 left; from 16:40 the 15 minutes run past the 16:45 closing into Wednesday.
    const late = Date.parse('2026-12-01T16:40:00-05:00');
    const high = { priority: 'high' as const, categoryId: 1 };
    expect(slaJudge(policy, late).state(high, 'firstResponse', Date.parse('2026-12-02T08:10:00-05:00'))).toBe('warning');
    expect(slaJudge(policy, late).state(high, 'firstResponse', Date.parse('2026-12-02T08:10:00-05:00') + 1)).toBe('ok');
  });
});
