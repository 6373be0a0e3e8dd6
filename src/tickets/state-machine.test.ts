import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../db/schema';
import { checkTransition, cleanNote, findTransition, isClosed, STATUSES as ALL_STATUSES, transitionsFrom, withinReopenWindow } from './state-machine';

const STATUSES: TicketStatus[] = ['registered', 'in_progress', 'waiting', 'resolved', 'cancelled'];

describe('ticket state machine', () => {
  describe('allowed transitions', () => {
    it('takes a waiting ticket (registered → in_progress) without a note, from the web, the API or Telegram', () => {
      for (const channel of ['web', 'api', 'telegram'] as const) {
        const r = checkTransition('registered', 'in_progress', { channel });
        expect(r).toMatchObject({ ok: true, rule: { event: 'assigned' }, note: null });
      }
    });

    it('releases a ticket back to the queue (in_progress → registered, "no logrado") with a note', () => {
      const r = checkTransition('in_progress', 'registered', { channel: 'web', note: '  No hay repuesto disponible. ' });
      expect(r).toMatchObject({ ok: true, rule: { event: 'released' }, note: 'No hay repuesto disponible.' });
      expect(checkTransition('in_progress', 'registered', { channel: 'telegram', note: 'Sin acceso a la oficina' }).ok).toBe(true);
    });

    it('resolves a ticket (in_progress → resolved) with a note on the web or the API', () => {
      expect(checkTransition('in_progress', 'resolved', { channel: 'web', note: 'Se cambió el tóner.' })).toMatchObject({ ok: true, rule: { event: 'resolved' } });
      expect(checkTransition('in_progress', 'resolved', { channel: 'api', note: 'Se cambió el tóner.' }).ok).toBe(true);
    });

    it('cancels a ticket (in_progress → cancelled) with a note on the web or the API', () => {
      expect(checkTransition('in_progress', 'cancelled', { channel: 'web', note: 'Duplicado de TK-7F3K9Q2M.' })).toMatchObject({ ok: true, rule: { event: 'cancelled' } });
      expect(checkTransition('in_progress', 'cancelled', { channel: 'api', note: 'Duplicado.' }).ok).toBe(true);
    });
  });

  describe('waiting for the requester, and reopening', () => {
    it('puts an in-progress ticket to wait for the requester (in_progress → waiting) with a note, on the web or the API only', () => {
      expect(checkTransition('in_progress', 'waiting', { channel: 'web', note: '¿Qué mensaje de error le aparece?' })).toMatchObject({ ok: true, rule: { event: 'waiting' } });
      expect(checkTransition('in_progress', 'waiting', { channel: 'api', note: 'x' }).ok).toBe(true);
      expect(checkTransition('in_progress', 'waiting', { channel: 'web' })).toEqual({ ok: false, reason: 'note_required' });
      expect(checkTransition('in_progress', 'waiting', { channel: 'telegram', note: 'x' })).toEqual({ ok: false, reason: 'channel' });
    });

    it('resumes a waiting ticket (waiting → in_progress) without a note, from staff or from the requester on the portal', () => {
      for (const channel of ['web', 'api', 'telegram', 'portal'] as const) {
        expect(checkTransition('waiting', 'in_progress', { channel })).toMatchObject({ ok: true, rule: { event: 'resumed' }, note: null });
      }
      expect(checkTransition('waiting', 'in_progress', { channel: 'system' })).toEqual({ ok: false, reason: 'channel' });
    });

    it.each([['resolved'], ['cancelled']] as const)('closes a waiting ticket (waiting → %s) with a note on the web or the API', (to) => {
      expect(checkTransition('waiting', to, { channel: 'web', note: 'Sin respuesta en 5 días.' })).toMatchObject({ ok: true, rule: { event: to } });
      expect(checkTransition('waiting', to, { channel: 'web' })).toEqual({ ok: false, reason: 'note_required' });
      expect(checkTransition('waiting', to, { channel: 'telegram', note: 'x' })).toEqual({ ok: false, reason: 'channel' });
    });

    it('reopens a resolved ticket (→ in_progress, or → registered for the queue) only through the portal, with a reason', () => {
      expect(checkTransition('resolved', 'in_progress', { channel: 'portal', note: 'Sigue sin imprimir' })).toMatchObject({ ok: true, rule: { event: 'reopened' } });
      expect(checkTransition('resolved', 'registered', { channel: 'portal', note: 'Sigue sin imprimir' })).toMatchObject({ ok: true, rule: { event: 'reopened' } });
      expect(checkTransition('resolved', 'in_progress', { channel: 'portal' })).toEqual({ ok: false, reason: 'note_required' });
      expect(checkTransition('resolved', 'in_progress', { channel: 'web', note: 'x' })).toEqual({ ok: false, reason: 'channel' });
    });

    it('keeps the reopen window of REOPEN_DAYS after closing, to the millisecond', () => {
      const closedAt = Date.parse('2026-03-02T14:00:00Z');
      expect(withinReopenWindow(null, closedAt, 7)).toBe(true);
      expect(withinReopenWindow(closedAt, closedAt + 7 * 86_400_000, 7)).toBe(true);
      expect(withinReopenWindow(closedAt, closedAt + 7 * 86_400_000 + 1, 7)).toBe(false);
      expect(withinReopenWindow(closedAt, closedAt + 1, 0)).toBe(false);
    });

    it('lists every status once, waiting among the open ones', () => {
      expect([...ALL_STATUSES]).toEqual(STATUSES);
    });
  });

  describe('refused transitions', () => {
    const allowed = new Set([
      'registered>in_progress',
      'in_progress>registered',
      'in_progress>resolved',
      'in_progress>cancelled',
      'in_progress>waiting',
      'waiting>in_progress',
      'waiting>resolved',
      'waiting>cancelled',
      'resolved>in_progress',
      'resolved>registered',
    ]);
    const refused = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const)).filter(([from, to]) => !allowed.has(`${from}>${to}`));

    it.each(refused)('refuses %s → %s as an invalid transition, even with a note', (from, to) => {
      expect(findTransition(from, to)).toBeNull();
      expect(checkTransition(from, to, { channel: 'web', note: 'Nota cualquiera' })).toEqual({ ok: false, reason: 'invalid' });
    });

    it('has exactly fifteen refused pairs (a cancelled ticket never reopens; a queued one never waits; a waiting one is never released)', () => {
      expect(refused).toHaveLength(15);
    });

    it.each([['resolved'], ['cancelled'], ['registered']] as const)('refuses in_progress → %s without a note, or with only spaces', (to) => {
      expect(checkTransition('in_progress', to, { channel: 'web' })).toEqual({ ok: false, reason: 'note_required' });
      expect(checkTransition('in_progress', to, { channel: 'web', note: '   \n ' })).toEqual({ ok: false, reason: 'note_required' });
    });

    it.each([['resolved'], ['cancelled']] as const)('refuses closing (→ %s) from Telegram: closing happens on the web only', (to) => {
      expect(checkTransition('in_progress', to, { channel: 'telegram', note: 'Listo' })).toEqual({ ok: false, reason: 'channel' });
    });

    it('refuses any change made through the public portal or by the system', () => {
      expect(checkTransition('registered', 'in_progress', { channel: 'portal' })).toEqual({ ok: false, reason: 'channel' });
      expect(checkTransition('in_progress', 'resolved', { channel: 'system', note: 'x' })).toEqual({ ok: false, reason: 'channel' });
    });
  });

  it('offers the buttons a ticket page needs per status and channel', () => {
    expect(transitionsFrom('registered', 'web').map((r) => r.to)).toEqual(['in_progress']);
    expect(transitionsFrom('in_progress', 'web').map((r) => r.to)).toEqual(['registered', 'resolved', 'cancelled', 'waiting']);
    expect(transitionsFrom('in_progress', 'telegram').map((r) => r.to)).toEqual(['registered']);
    expect(transitionsFrom('waiting', 'web').map((r) => r.to)).toEqual(['in_progress', 'resolved', 'cancelled']);
    expect(transitionsFrom('resolved', 'web')).toEqual([]);
    expect(transitionsFrom('cancelled', 'web')).toEqual([]);
  });

  it('knows which statuses are closed and what counts as a note', () => {
    expect(STATUSES.filter(isClosed)).toEqual(['resolved', 'cancelled']);
    expect(cleanNote('  hola  ')).toBe('hola');
    expect(cleanNote(' ')).toBeNull();
    expect(cleanNote(undefined)).toBeNull();
  });
});
