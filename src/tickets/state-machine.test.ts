import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../db/schema';
import { checkTransition, cleanNote, findTransition, isClosed, transitionsFrom } from './state-machine';

const STATUSES: TicketStatus[] = ['registered', 'in_progress', 'resolved', 'cancelled'];

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

  describe('refused transitions', () => {
    const allowed = new Set(['registered>in_progress', 'in_progress>registered', 'in_progress>resolved', 'in_progress>cancelled']);
    const refused = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const)).filter(([from, to]) => !allowed.has(`${from}>${to}`));

    it.each(refused)('refuses %s → %s as an invalid transition, even with a note', (from, to) => {
      expect(findTransition(from, to)).toBeNull();
      expect(checkTransition(from, to, { channel: 'web', note: 'Nota cualquiera' })).toEqual({ ok: false, reason: 'invalid' });
    });

    it('has exactly twelve refused pairs (closed tickets never reopen; a waiting ticket is never closed directly)', () => {
      expect(refused).toHaveLength(12);
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
    expect(transitionsFrom('in_progress', 'web').map((r) => r.to)).toEqual(['registered', 'resolved', 'cancelled']);
    expect(transitionsFrom('in_progress', 'telegram').map((r) => r.to)).toEqual(['registered']);
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
