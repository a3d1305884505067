// Helpers shared by the benchmarks.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/data beside the repository, or undefined (with a printed reason) when absent. */
export function sharedData(...parts) {
  const path = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data', ...parts);
  if (!existsSync(path)) {
    console.log(`skipped: ${path} not found (real datasets live in ../shared/data beside the repository)`);
    return undefined;
  }
  return path;
}

/** Runs `fn` and returns [result, seconds]. */
export async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return [result, (performance.now() - start) / 1000];
}

/** Peak resident set size so far, in MiB (Linux: from /proc/self/status VmHWM). */
export async function peakRssMiB() {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return process.memoryUsage().rss / 2 ** 20;
  }
}

/** Prints rows as an aligned table. */
export function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(line(cells[0]));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of cells.slice(1)) console.log(line(row));
}

/** Whether Debian's python3 can import torch (the PyTorch references' interpreter); prints why not when it cannot. */
export function hasTorch(python = '/usr/bin/python3') {
  try {
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    console.log(`PyTorch reference skipped: "${python} -c 'import torch'" failed (apt-get install python3-torch)`);
    return false;
  }
}

/** The last line of a process's output, parsed as JSON (workers and references print one JSON line last). */
export function lastJsonLine(out) {
  return JSON.parse(out.trim().split('\n').pop());
}

/** The median of numbers (the upper one of an even count). */
export function median(xs) {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1];
}

/**
 * Seconds `model` takes to rank every item for each test case of `dir`'s test.rating (full-ranking leave-one-out),
 * test items never seen in training dropped: the speed workers measure speed, not accuracy.
 */
export async function fullRankingSeconds(model, train, dir) {
  const { Interactions, loadInteractions } = await import('@recsys/data');
  const { evaluateFullRanking } = await import('@recsys/eval');
  const { interactions: test } = await loadInteractions(`${dir}/test.rating`, {
    format: 'ncf',
    userIds: train.userIds.clone(),
    itemIds: train.itemIds.clone(),
  });
  const kept = test.filter((r) => test.users[r] < train.numUsers && test.items[r] < train.numItems);
  const start = performance.now();
  await evaluateFullRanking(
    model,
    train,
    Interactions.fromColumns({ users: kept.users, items: kept.items }, train.sameSpace()),
    { k: 10 },
  );
  return (performance.now() - start) / 1000;
}

/**
 * A leave-one-out split of the MovieLens file at `path` written as NCF files (train.rating, test.rating,
 * test.negative with 99 seeded negatives) into a new temporary directory, whose path it returns: what the speed
 * benchmarks hand to our workers and to the PyTorch references alike.
 */
export async function writeSpeedSplit(path, prefix) {
  const { leaveOneOut, loadInteractions, sampleTestNegatives, writeNcfNegatives, writeNcfRatings } =
    await import('@recsys/data');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { interactions } = await loadInteractions(path, { format: 'movielens' });
  const { train, test } = leaveOneOut(interactions);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  await writeNcfRatings(join(dir, 'train.rating'), train);
  await writeNcfRatings(join(dir, 'test.rating'), test);
  await writeNcfNegatives(join(dir, 'test.negative'), sampleTestNegatives(interactions, test, { count: 99, seed: 1 }));
  return dir;
}

/** `median (min–max)` of numbers, each formatted by `format`; the median alone for one number. */
export function medianRange(xs, format) {
  const defined = xs.filter((x) => x != null);
  if (defined.length === 0) return '-';
  if (defined.length === 1) return format(defined[0]);
  return `${format(median(defined))} (${format(Math.min(...defined))}–${format(Math.max(...defined))})`;
}
