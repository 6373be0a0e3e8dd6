/**
 * The new-ticket message a technician reads on Telegram says the priority when it matters (issue
 * 18): critical and high as its first line, marked; low at the end; normal, the default, unsaid.
 */
import { describe, expect, it } from 'vitest';
import { technicianMessage } from './messages';
import type { Notification, TicketForMessage } from './notifications.repository';

const config = { publicBaseUrl: 'https://itims.example.org', timeZone: 'America/Lima', botToken: 'x' };
const ticket = (lane: number) =>
  ({
    id: 1,
    code: 'TK-7F3K9Q2M',
    status: 'registered',
    category: 'Sistemas institucionales',
    office: 'Oficina de Abastecimiento',
    requesterFirstName: 'Rosa Luz',
    requesterLastName: 'Quispe Mamani',
    createdAt: Date.parse('2026-12-02T14:00:00Z'),
    queuedAt: Date.parse('2026-12-02T14:00:00Z'),
    assigneeId: null,
    assigneeName: null,
    attachmentCount: 0,
    lane,
    firstActionAt: null,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    incidentId: null,
  }) as TicketForMessage;
const notice = { id: 7, ticketId: 1, userId: 3, chatId: '900', kind: 'new_ticket', linkToken: 'abc' } as Notification;

describe('new-ticket message on Telegram', () => {
  const lines = (lane: number) => technicianMessage(config, ticket(lane), notice).text.split('\n');

  it('opens with the priority when it is critical or high', () => {
    expect(lines(0)[0]).toBe('🔴 Prioridad: Crítica');
    expect(lines(1)[0]).toBe('🟠 Prioridad: Alta');
    expect(lines(0)[1]).toContain('TK-7F3K9Q2M');
  });

  it('names a low priority last and leaves normal unsaid', () => {
    expect(lines(3).at(-1)).toBe('Prioridad: Baja');
    expect(lines(3)[0]).toContain('TK-7F3K9Q2M');
    expect(lines(2).join('\n')).not.toContain('Prioridad');
  });
});
