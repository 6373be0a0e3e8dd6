/** A Peruvian DNI: exactly 8 digits. The API is strict; pages trim what people type. */
export const DNI_PATTERN = '^[0-9]{8}$';
export const isValidDni = (value: unknown): value is string => typeof value === 'string' && /^[0-9]{8}$/.test(value);
