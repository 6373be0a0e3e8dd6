import { describe, expect, it } from 'vitest';
import { lockRemainingMs } from './login-lock';

const MIN = 60_000;

describe('the login lock-out rule', () => {
  it('does not lock after four failures', () => {
    expect(
      lockRemainingMs(
        [4, 3, 2, 1].map((m) => m * MIN),
        5 * MIN,
      ),
    ).toBe(0);
  });

  it('locks for 15 minutes after the fifth failure within 15 minutes', () => {
    const failures = [14, 10, 5, 2, 0].map((m) => m * MIN);
    expect(lockRemainingMs(failures, 14 * MIN)).toBe(15 * MIN);
    expect(lockRemainingMs(failures, 28 * MIN)).toBe(1 * MIN);
    expect(lockRemainingMs(failures, 29 * MIN)).toBe(0);
  });

  it('does not lock when the five failures are spread over more than 15 minutes', () => {
    expect(
      lockRemainingMs(
        [20, 10, 5, 2, 0].map((m) => m * MIN),
        20 * MIN,
      ),
    ).toBe(0);
  });
});
