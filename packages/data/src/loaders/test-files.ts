// Test-only (not exported from the package): a temporary folder of small input files for the loader specs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';

/**
 * A writer of test files under a fresh temporary folder (removed after the spec file's tests): each call writes
 * `text` to `name` in its own sub-folder, so names can repeat, and returns the file's path.
 */
export function testFiles(prefix: string): (name: string, text: string) => string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `recsys-${prefix}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let count = 0;
  return (name, text) => {
    const sub = path.join(dir, String(count++));
    fs.mkdirSync(sub);
    const file = path.join(sub, name);
    fs.writeFileSync(file, text);
    return file;
  };
}
