import { describe, expect, it } from 'vitest';
import { splitLabel } from './label-text';

describe('splitLabel', () => {
  it('sets a trailing parenthesis apart from the name', () => {
    expect(splitLabel('Teléfono de contacto (opcional)')).toEqual(['Teléfono de contacto', '(opcional)']);
    expect(splitLabel('Adjuntar fotos o PDF (opcional, hasta 3)')).toEqual(['Adjuntar fotos o PDF', '(opcional, hasta 3)']);
  });
  it('leaves a label without one, or with one in the middle, whole', () => {
    expect(splitLabel('DNI')).toEqual(['DNI', null]);
    expect(splitLabel('Nota (obligatoria) del técnico')).toEqual(['Nota (obligatoria) del técnico', null]);
    expect(splitLabel('(opcional)')).toEqual(['(opcional)', null]);
  });
});
