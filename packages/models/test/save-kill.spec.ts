import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelDir, writeModelDir, type ModelDirContents } from '../src/io/model-dir.js';
import { killTestModel } from './kill-test-models.js';

const root = join(__dirname, '..', '..', '..');
const TRIES = 24;

/** The slice of esbuild's API used here (esbuild comes with tsup; this package does not depend on it by name). */
interface Esbuild {
  build(options: {
    entryPoints: string[];
    outfile: string;
    bundle: boolean;
    platform: 'node';
    format: 'esm';
    alias: Record<string, string>;
    logLevel: 'error';
  }): Promise<unknown>;
}

/** The child (test/kill-test-child.ts and what it imports) as one plain .mjs file that node runs without a build. */
async function bundleChild(dir: string): Promise<string> {
  const esbuild = createRequire(realpathSync(join(root, 'node_modules', 'tsup', 'package.json')))('esbuild') as Esbuild;
  const packages = ['data', 'eval', 'layers', 'train', 'models', 'cli'];
  const outfile = join(dir, 'kill-test-child.mjs');
  await esbuild.build({
    entryPoints: [join(__dirname, 'kill-test-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    alias: Object.fromEntries(
      packages.map((name) => [`@recsys/${name}`, join(root, 'packages', name, 'src', 'index.ts')]),
    ),
    logLevel: 'error',
  });
  return outfile;
}

/**
 * Runs the child saving B into `dir`; kills it with SIGKILL `killAfter` ms after it says "saving" (never, when
 * undefined). Resolves with whether it was killed before finishing and, when it finished, the ms from "saving" to its
 * exit as seen here (the clock the kill timer runs on).
 */
function saveB(child: string, dir: string, killAfter?: number): Promise<{ killed: boolean; ms?: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let start = 0;
    proc.stdout.on('data', (chunk: Buffer) => {
      const waiting = !out.includes('saving\n');
      out += chunk.toString();
      if (waiting && out.includes('saving\n')) {
        start = performance.now();
        if (killAfter !== undefined) setTimeout(() => proc.kill('SIGKILL'), killAfter);
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      const saved = out.includes('saved');
      if (signal === 'SIGKILL') resolve({ killed: !saved });
      else if (code === 0 && saved) resolve({ killed: false, ms: performance.now() - start });
      else reject(new Error(`the child exited with ${code ?? signal}: ${err}`));
    });
  });
}

function sameArray(
  a: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number },
  b: typeof a,
) {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Whether `read` is exactly `model`: name, config, every array bit for bit, the training pairs and ids. */
function same(read: ModelDirContents, model: ModelDirContents): boolean {
  const names = Object.keys(model.arrays).sort();
  return (
    read.model === model.model &&
    JSON.stringify(read.config) === JSON.stringify(model.config) &&
    JSON.stringify(Object.keys(read.arrays).sort()) === JSON.stringify(names) &&
    names.every((name) => sameArray(read.arrays[name]!, model.arrays[name]!)) &&
    sameArray(read.train.users, model.train.users) &&
    sameArray(read.train.items, model.train.items) &&
    JSON.stringify(read.train.userIds.ids()) === JSON.stringify(model.train.userIds.ids()) &&
    JSON.stringify(read.train.itemIds.ids()) === JSON.stringify(model.train.itemIds.ids())
  );
}

/** Seeded uniform numbers in [0, 1) (mulberry32), so the kill times repeat from run to run. */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('a save killed with SIGKILL', () => {
  it(
    `leaves the old model or the new one, exactly, at ${TRIES} kill times across the save`,
    { timeout: 90_000 },
    async () => {
      const work = mkdtempSync(join(tmpdir(), 'recsys-save-kill-'));
      const child = await bundleChild(work);
      const a = killTestModel('a');
      const b = killTestModel('b');
      const template = join(work, 'a');
      await writeModelDir(template, a);
      const overA = (name: string) => {
        const dir = join(work, name);
        cpSync(template, dir, { recursive: true });
        return dir;
      };

      // How long a save of B over A takes here, measured first (the mean of two): the kill times spread across it.
      let duration = 0;
      for (const name of ['measure-1', 'measure-2']) {
        const measured = overA(name);
        duration += (await saveB(child, measured)).ms! / 2;
        expect(same(await readModelDir(measured), b)).toBe(true);
        rmSync(measured, { recursive: true });
      }
      expect(duration).toBeGreaterThan(20);

      const random = uniform(20240611);
      const counts = { old: 0, new: 0, finished: 0 };
      for (let k = 0; k < TRIES; k++) {
        // One kill time in each of TRIES equal slices of the save, the last few slices past its measured end.
        const killAfter = ((k + random()) / TRIES) * duration * 1.15;
        const dir = overA(`try-${k}`);
        const { killed } = await saveB(child, dir, killAfter);
        if (!killed) counts.finished++;
        let outcome: string;
        try {
          const read = await readModelDir(dir);
          outcome = same(read, a) ? 'old' : same(read, b) ? 'new' : 'a mix of the two';
        } catch (error) {
          outcome = `an error: ${(error as Error).message}`;
        }
        expect(outcome, `killed ${killAfter.toFixed(0)} ms into a ${duration.toFixed(0)} ms save`).toMatch(
          /^(old|new)$/,
        );
        counts[outcome as 'old' | 'new']++;
        rmSync(dir, { recursive: true }); // 40 MB a try
      }
      console.log(
        `save-kill: ${TRIES} kills spread over a ${duration.toFixed(0)} ms save of 3 × 10 MB arrays: ` +
          `${counts.old} left the old model, ${counts.new} the new one (${counts.finished} saves finished first)`,
      );
      expect(counts.old + counts.new).toBe(TRIES);
      expect(counts.old).toBeGreaterThan(0);
      rmSync(work, { recursive: true });
      // Most kills land during the save; a loaded machine may make some saves finish first (not too many).
      expect(TRIES - counts.finished).toBeGreaterThanOrEqual(TRIES / 4);
    },
  );
});
