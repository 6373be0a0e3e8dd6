/**
 * Tests may write and handle job types of their own (`test.flaky`, `test.race`, …) with any
 * payload; the application's types stay declared by their areas (`src/jobs/job-types.ts`).
 */
declare module '../../src/jobs/job-types' {
  interface JobPayloads {
    [type: `test.${string}`]: any;
  }
}
export {};
