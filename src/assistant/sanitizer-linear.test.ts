import { describe, expect, it } from 'vitest';
import { sanitize } from './sanitizer';
import { buildNameMatcher } from './directory-names';
import { PLANTED_STAFF, PLANTED_USERS } from './fixtures/pii-messages';
import { ADVERSARIAL_BLOCKS } from './fixtures/adversarial-blocks';

/**
 * Every rule of the sanitizer runs in time linear in its input (issue 13, finding 1). Each
 * building block of each pattern — digits, separators, dots, spaces, "arroba", "punto", the
 * keywords — is repeated to 4,000 characters, alone and in pairs. The old patterns took seconds
 * to minutes on several of these; the bound is generous so that a loaded machine never fails it
 * (the measured figure, a few milliseconds, is printed by `npm run eval:assistant`).
 */

const names = buildNameMatcher(PLANTED_STAFF, PLANTED_USERS);
const repeatTo = (block: string, length: number) => block.repeat(Math.ceil(length / block.length)).slice(0, length);

describe('sanitizer running time', () => {
  // Warm the regular expressions up once: the first call compiles them.
  sanitize('mi dni 45871236, jperez arroba gmail punto com, clave: x, Rosa Quispe, cel 987654321', names);

  it.each(ADVERSARIAL_BLOCKS)('sanitizes %j repeated to 4,000 characters within 200 ms', (block) => {
    const text = repeatTo(block, 4000);
    const started = performance.now();
    sanitize(text, names);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(200);
  });

  it('sanitizes every pair of building blocks repeated to 4,000 characters within 200 ms each', () => {
    const slow: string[] = [];
    const pairs = ['arroba', 'punto', '1', ' ', '.', 'clave es ', 'juan ', 'cel ', 'x@'];
    for (const a of pairs) {
      for (const b of pairs) {
        const text = repeatTo(`${a}${b}`, 4000);
        const started = performance.now();
        sanitize(text, names);
        const elapsed = performance.now() - started;
        if (elapsed >= 200) slow.push(`${JSON.stringify(a + b)}: ${elapsed.toFixed(0)} ms`);
      }
    }
    expect(slow).toEqual([]);
  });
});
