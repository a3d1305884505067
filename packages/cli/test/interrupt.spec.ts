import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthetic } from '@recsys/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/main.js';
import { writeMovieLensFile } from './movielens-file.js';
import { cli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'recsys-interrupt-'));
const split = join(dir, 'split');

beforeAll(async () => {
  const { interactions: log } = synthetic({ users: 40, items: 60, interactionsPerUser: 10, seed: 3 });
  writeMovieLensFile(join(dir, 'u.data'), log);
  const result = await cli('split', join(dir, 'u.data'), '--out', split, '--negatives', '20', '--validation');
  expect(result.code, result.err).toBe(0);
});

/**
 * Runs `recsys train` with a simulated Ctrl-C: the first time standard error receives a line matching `when`, or as
 * soon as the command listens for it.
 */
async function trainInterrupted(when: RegExp | 'at once', ...argv: string[]) {
  let out = '';
  let err = '';
  let handler: (() => void) | undefined;
  let removed = false;
  const code = await run(argv, {
    out: (t) => void (out += t),
    err: (t) => {
      err += t;
      if (handler && when !== 'at once' && when.test(t)) {
        const press = handler;
        handler = undefined; // once, as a real first Ctrl-C
        press();
      }
    },
    isTTY: false,
    onInterrupt: (h) => {
      if (when === 'at once') h();
      else handler = h;
      return () => void (removed = true);
    },
  });
  return { code, out, err, removed };
}

const common = (out: string) => [
  'train',
  '--model',
  'gmf',
  '--train',
  join(split, 'train.rating'),
  '--validation',
  join(split, 'validation.rating'),
  '--validation-negatives',
  join(split, 'validation.negative'),
  '--out',
  out,
  '--factors',
  '4',
  '--epochs',
  '50',
  '--backend',
  'cpu',
];

describe('Ctrl-C during recsys train', () => {
  it('stops after the batch under way, saves the best epoch so far, says where, and exits 130', async () => {
    const out = join(dir, 'gmf');
    const result = await trainInterrupted(/^recsys: epoch 2\/50/, ...common(out));
    expect(result.code, result.err).toBe(130);
    expect(result.removed).toBe(true);
    expect(result.err).toContain('recsys: Ctrl-C: stopping after this batch to save the best model so far');
    expect(result.err).toMatch(/recsys: interrupted in epoch 3: saving epoch [12], the best on validation so far/);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ model: 'gmf', epochs: 2, interrupted: { epoch: 3, batch: 0 } });
    expect(report.history).toHaveLength(2);
    // What was saved is a whole model: it evaluates.
    const evaluated = await cli(
      'evaluate',
      '--model-dir',
      out,
      '--test',
      join(split, 'test.rating'),
      '--test-negatives',
      join(split, 'test.negative'),
    );
    expect(evaluated.code, evaluated.err).toBe(0);
  });

  it('saves nothing when no epoch had ended', async () => {
    const out = join(dir, 'none');
    const result = await trainInterrupted('at once', ...common(out));
    expect(result.code, result.err).toBe(130);
    expect(result.err).toContain('recsys: interrupted in epoch 1, before any epoch ended: nothing saved');
    expect(result.out).toBe('');
    expect(existsSync(join(out, 'model.json'))).toBe(false);
  });
});
