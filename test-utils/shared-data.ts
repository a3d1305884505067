import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared/data` beside the repository: real datasets that may not be shipped, so tests read them in place. */
export const SHARED_DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data');

/**
 * The path of a file or folder under `../shared/data`, or `undefined` after printing why the tests that need it are
 * skipped. Use with `describe.skipIf(!path)`.
 */
export function sharedData(...parts: string[]): string | undefined {
  const path = resolve(SHARED_DATA, ...parts);
  if (existsSync(path)) return path;
  console.warn(`skipping real-data tests: ${path} not found (datasets live in ../shared/data beside the repository)`);
  return undefined;
}
