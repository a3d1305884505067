/**
 * Test-only helpers shared by the specs of this package (not exported from the package index, not bundled).
 */
import { expect } from 'vitest';
import type { Interactions } from './interactions.js';
import { LineProblem } from './loaders/errors.js';

/** Checks that `run` throws an error of class `type` with exactly `message`. */
export function expectThrow(run: () => unknown, type: typeof RangeError | typeof TypeError, message: string): void {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toBe(message);
}

/** The log's rows as `[user, item]` pairs, in row order. */
export function rowsOf(log: Interactions): [number, number][] {
  return Array.from(log.users, (u, r) => [u, log.items[r]!]);
}

/** The LineProblem `f` throws (a loader's error for one line); fails when it throws nothing or something else. */
export function problemOf(f: () => unknown): LineProblem {
  try {
    f();
  } catch (error) {
    if (error instanceof LineProblem) return error;
    throw error;
  }
  throw new Error('expected a LineProblem');
}
