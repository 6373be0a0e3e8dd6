import { describe, expect, it } from 'vitest';
import { sanitize, PLACEHOLDERS } from './sanitizer';
import { buildNameMatcher } from './directory-names';
import { leaks, NEAR_MISSES, PLANTED_MESSAGES, PLANTED_STAFF } from './fixtures/pii-messages';

const names = buildNameMatcher(PLANTED_STAFF);
describe('sanitizer', () => {
  it('has at least 100 planted messages and 30 near-misses to check', () => {
    expect(PLANTED_MESSAGES.length).toBeGreaterThanOrEqual(100);
    expect(NEAR_MISSES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(PLANTED_MESSAGES.map((m) => [m.text, m.planted] as const))('masks every planted value in %j', (text, planted) => {
    const out = sanitize(text, names);
    for (const value of planted) expect(leaks(out, value), `${value} leaked in ${out}`).toBe(false);
    expect(out).toMatch(/\[(DNI|RUC|TELÉFONO|CORREO|TARJETA|CONTRASEÑA|USUARIO|NOMBRE)\]/u);
  });

  it.each(NEAR_MISSES)('leaves %j unchanged', (text) => {
    expect(sanitize(text, names)).toBe(text);
  });

  it('uses a typed placeholder for each kind of datum', () => {
    expect(sanitize('DNI 45871236')).toBe(`DNI ${PLACEHOLDERS.dni}`);
    expect(sanitize('RUC 20123456789')).toBe(`RUC ${PLACEHOLDERS.ruc}`);
    expect(sanitize('cel 987654321')).toBe(`cel ${PLACEHOLDERS.phone}`);
    expect(sanitize('a@b.pe')).toBe(PLACEHOLDERS.email);
    expect(sanitize('tarjeta 4111111111111111')).toBe(`tarjeta ${PLACEHOLDERS.card}`);
    expect(sanitize('clave: xyz')).toBe(`clave: ${PLACEHOLDERS.password}`);
    expect(sanitize('usuario: jperez')).toBe(`usuario: ${PLACEHOLDERS.user}`);
    expect(sanitize('soy Rosa Quispe', names)).toBe(`soy ${PLACEHOLDERS.name}`);
  });

  it('masks a DNI written with spaces or dots', () => {
    for (const dni of ['45871236', '45.871.236', '45 871 236', '4587 1236', '4587-1236', '45 87 12 36']) {
      expect(sanitize(`mi dni ${dni} gracias`)).toBe('mi dni [DNI] gracias');
    }
  });

  it('masks Peruvian mobiles and landlines with or without +51', () => {
    for (const phone of ['987654321', '987 654 321', '987-654-321', '+51 987 654 321', '+51987654321', '0051 987654321', '(01) 456-7890', '01 4567890', '+51 1 4567890', '(044) 234567', '044-234567']) {
      expect(sanitize(`llamar al ${phone} hoy`), phone).toBe('llamar al [TELÉFONO] hoy');
    }
  });

  it('masks only card numbers that pass the Luhn check', () => {
    expect(sanitize('4111 1111 1111 1111')).toBe('[TARJETA]');
    // Same length, wrong check digit: an inventory or serial number, left for the technician.
    expect(sanitize('serie 4111 1111 1111 1112')).not.toContain('[TARJETA]');
  });

  it('masks what follows contraseña, clave, password, PIN and usuario, but not plain words', () => {
    expect(sanitize('mi contraseña es Lima2024!')).toBe('mi contraseña es [CONTRASEÑA]!');
    expect(sanitize('la clave del wifi es perro')).toBe('la clave del wifi es [CONTRASEÑA]');
    expect(sanitize('PIN 4321')).toBe('PIN [CONTRASEÑA]');
    expect(sanitize('password: "dos palabras"')).toBe('password: [CONTRASEÑA]');
    expect(sanitize('el usuario jperez no entra')).toBe('el usuario [USUARIO] no entra');
    expect(sanitize('olvidé mi clave y no puedo entrar')).toBe('olvidé mi clave y no puedo entrar');
    expect(sanitize('mi contraseña está vencida')).toBe('mi contraseña está vencida');
    expect(sanitize('hice ping al servidor')).toBe('hice ping al servidor');
  });

  it('masks a directory full name in any order, case or accents, but not a lone first name or surname', () => {
    expect(sanitize('habla JUAN CARLOS PEREZ', names)).toBe('habla [NOMBRE]');
    expect(sanitize('Pérez Rojas, Juan Carlos llamó', names)).toBe('[NOMBRE] llamó');
    expect(sanitize('lucia de la cruz', names)).toBe('[NOMBRE]');
    expect(sanitize('Juan llamó y Pérez también', names)).toBe('Juan llamó y Pérez también');
    // A first name and a surname of two different people are not a full name.
    expect(sanitize('Rosa Mendoza', names)).toBe('Rosa Mendoza');
    expect(sanitize('Juan Pérez', buildNameMatcher([]))).toBe('Juan Pérez');
  });

  it('is idempotent: sanitizing twice changes nothing more', () => {
    for (const m of PLANTED_MESSAGES) {
      const once = sanitize(m.text, names);
      expect(sanitize(once, names)).toBe(once);
    }
  });
});
