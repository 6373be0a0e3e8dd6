/**
 * Issue 16.10: the Spanish pages address the reader as "usted" everywhere ("¿Le ayudó?", never
 * "¿Te ayudó?"). Every Spanish catalogue is read and each message is checked for the familiar
 * second person: its pronouns and the verb forms the pages would use with "tú".
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FAMILIAR = ['tú', 'tu', 'tus', 'te', 'ti', 'contigo', 'tienes', 'puedes', 'quieres', 'necesitas', 'estás', 'eres', 'haz', 'dime', 'escríbenos', 'contáctanos', 'ayúdanos'];
/** Whole words, lower case or capitalised ("Te ayudó"), so the acronym "TI" is not "ti". */
const TUTEO = new RegExp(`(?<!\\p{L})(?:${FAMILIAR.map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|')})(?!\\p{L})`, 'u');

async function spanishMessages(): Promise<[string, string][]> {
  const dir = join(__dirname, 'es');
  const out: [string, string][] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const mod = (await import(join(dir, file))) as Record<string, Record<string, string>>;
    for (const catalogue of Object.values(mod)) for (const [key, text] of Object.entries(catalogue)) out.push([key, text]);
  }
  return out;
}

describe('one form of address in Spanish (usted)', () => {
  it('finds the familiar second person in a sample, so the check can fail', () => {
    for (const s of ['¿Te ayudó?', 'Escriba tu DNI', 'Si puedes, adjunte una foto', 'Esto es para ti']) expect(s).toMatch(TUTEO);
    for (const s of ['¿Le ayudó?', 'Escriba su DNI', 'Tareas en segundo plano', 'Oficina de TI', 'Título', 'Tutorial', 'Teléfono']) expect(s).not.toMatch(TUTEO);
  });

  it('no Spanish message says tú, te, tu or a verb in the familiar form', async () => {
    const messages = await spanishMessages();
    expect(messages.length).toBeGreaterThan(500);
    const familiar = messages.filter(([, text]) => TUTEO.test(text)).map(([key, text]) => `${key}: ${text}`);
    expect(familiar).toEqual([]);
  });
});
