// The child process of save-kill.spec.ts (bundled to plain JS there): saves model B into the directory given, saying
// "saving" just before the save starts and "saved <ms>" once it returns.
import { writeModelDir } from '../src/io/model-dir.js';
import { killTestModel } from './kill-test-models.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: kill-test-child <dir>');
const contents = killTestModel('b');
process.stdout.write('saving\n');
const start = performance.now();
await writeModelDir(dir, contents);
process.stdout.write(`saved ${(performance.now() - start).toFixed(1)}\n`);
