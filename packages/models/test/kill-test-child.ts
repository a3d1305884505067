// The child process of save-kill.spec.ts (bundled to plain JS there): saves model B (or C) into the directory given,
// saying "saving" just before the save starts and "saved <ms>" once it returns.
// With --wait it says "ready" once its model is built and starts only when a line comes on stdin, so that two children
// can be started at the same moment. A failed save says "save failed: <message>" on stderr and exits with 1.
import { createInterface } from 'node:readline';
import { writeModelDir } from '../src/io/model-dir.js';
import { killTestModel } from './kill-test-models.js';

const [dir, which = 'b', wait] = process.argv.slice(2);
if (!dir || (which !== 'b' && which !== 'c') || (wait !== undefined && wait !== '--wait')) {
  throw new Error('usage: kill-test-child <dir> [b|c] [--wait]');
}
const contents = killTestModel(which);
if (wait) {
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  await new Promise((resolve) => lines.once('line', resolve));
  lines.close();
}
process.stdout.write('saving\n');
const start = performance.now();
try {
  await writeModelDir(dir, contents);
  process.stdout.write(`saved ${(performance.now() - start).toFixed(1)}\n`);
} catch (error) {
  process.stderr.write(`save failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
