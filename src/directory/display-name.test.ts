import { describe, expect, it } from 'vitest';
import { displayName } from './display-name';

describe('displayName (what the public DNI lookup shows)', () => {
  it('shows first names in full and each surname as an initial', () => {
    expect(displayName('Juan Carlos', 'Pérez Rojas')).toBe('Juan Carlos P. R.');
    expect(displayName('Rosa', 'Quispe Mamani')).toBe('Rosa Q. M.');
  });

  it('writes names in title case whatever case the directory used', () => {
    expect(displayName('JUAN CARLOS', 'PÉREZ ROJAS')).toBe('Juan Carlos P. R.');
    expect(displayName('maría elena', 'huamán quispe')).toBe('María Elena H. Q.');
  });

  it('keeps accented and Ñ initials', () => {
    expect(displayName('Ñusta', 'ñaupa álvarez')).toBe('Ñusta Ñ. Á.');
  });

  it('skips particles of compound surnames', () => {
    expect(displayName('Carmen', 'de la Cruz del Castillo')).toBe('Carmen C. C.');
    expect(displayName('Luis', 'Paz y Miño')).toBe('Luis P. M.');
  });

  it('ignores extra spaces', () => {
    expect(displayName('  Ana   Lucía ', '  Ramos    Soncco ')).toBe('Ana Lucía R. S.');
  });

  it('shows only the first names when there is no surname', () => {
    expect(displayName('Wilber', '')).toBe('Wilber');
    expect(displayName('Wilber', '   ')).toBe('Wilber');
  });

  it('never reveals a full surname', () => {
    const shown = displayName('Teófilo', 'Ccama Apaza');
    expect(shown).not.toContain('Ccama');
    expect(shown).not.toContain('Apaza');
  });
});
