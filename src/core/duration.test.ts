import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration';

describe('formatDuration', () => {
  it('writes every duration as "4 h 1 min", never as decimal minutes', () => {
    expect(formatDuration(240.66)).toBe('4 h 1 min');
    expect(formatDuration(2028.42)).toBe('1 d 9 h');
    expect(formatDuration(7.01)).toBe('7 min');
    expect(formatDuration(59.6)).toBe('1 h 0 min');
    expect(formatDuration(0.2)).toBe('< 1 min');
    expect(formatDuration(0)).toBe('0 min');
  });
});
