import { describe, expect, it } from 'vitest';
import { incidentToMention, matchesTitle } from './incident-mention';

const link = { id: 2, title: 'Caída del enlace de Sede Central', publicMessage: 'El proveedor ya fue llamado.', categoryId: 7 };
const siaf = { id: 5, title: 'SIAF no responde', publicMessage: 'El servidor se reinicia.', categoryId: null };
const mail = { id: 9, title: 'Correo caído', publicMessage: 'Ya vamos.', categoryId: 7 };

describe('which open incident the assistant mentions', () => {
  it('matches a question with half or more of the title words, accents and endings aside', () => {
    expect(matchesTitle(siaf.title, 'el siaf no abre desde la mañana')).toBe(true);
    expect(matchesTitle(link.title, 'se cayo el enlace en la sede')).toBe(true);
    expect(matchesTitle(link.title, 'no hay enlace')).toBe(false);
    expect(matchesTitle(link.title, 'la impresora no imprime')).toBe(false);
    expect(matchesTitle('de la', 'de la')).toBe(false);
  });

  it('prefers the incident of the retrieved category, the oldest first; else the title words; else none', () => {
    expect(incidentToMention([mail, siaf, link], 7, 'no tengo internet')).toBe(link);
    expect(incidentToMention([mail, siaf, link], 3, 'el SIAF no carga')).toBe(siaf);
    expect(incidentToMention([mail, siaf, link], null, 'el correo está caído')).toBe(mail);
    expect(incidentToMention([mail, siaf, link], 3, 'la impresora no imprime')).toBeNull();
    expect(incidentToMention([], 7, 'SIAF')).toBeNull();
  });
});
