// Vitest global setup: every test file's temporary files go under one directory of this run, removed when the run
// ends. Tests make their scratch directories with mkdtemp(tmpdir()) and many keep them for the run's other tests;
// without this they piled up in /tmp across runs (over a thousand model directories on the development machine).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'recsys-tests-'));
  const previous = process.env['TMPDIR'];
  // Workers start after global setup and inherit the environment; os.tmpdir() reads TMPDIR on every call.
  process.env['TMPDIR'] = root;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
