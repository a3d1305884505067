import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthetic } from '@recsys/data';
import { GMF } from '@recsys/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeMovieLensFile } from './movielens-file.js';
import { cli } from './run-cli.js';

// The files sit in one temporary directory; the config files in a folder of their own name them relative to it
// ("../split/train.rating"), while the tests run from the repository: paths must resolve against the config file.
const dir = mkdtempSync(join(tmpdir(), 'recsys-config-'));
const configs = join(dir, 'configs');
const split = join(dir, 'split');
const { interactions: log } = synthetic({ users: 40, items: 60, interactionsPerUser: 10, seed: 3 });

/** Writes `values` as a config file in `configs` and returns its absolute path. */
function config(name: string, values: unknown): string {
  const path = join(configs, name);
  writeFileSync(path, typeof values === 'string' ? values : JSON.stringify(values, null, 2));
  return path;
}

/** A quick GMF run, as the keys of a config file (paths relative to `configs`). */
const gmf = {
  model: 'gmf',
  train: '../split/train.rating',
  validation: '../split/validation.rating',
  validationNegatives: '../split/validation.negative',
  out: '../models/gmf',
  factors: 4,
  epochs: 2,
  batchSize: 128,
  backend: 'cpu',
};

beforeAll(async () => {
  mkdirSync(configs);
  writeMovieLensFile(join(dir, 'u.data'), log);
  // split from a config file too: its positional file as "input", a boolean flag as true.
  const run = await cli(
    'split',
    '--config',
    config('split.json', { input: '../u.data', out: '../split', negatives: 20, validation: true }),
  );
  expect(run.code, run.err).toBe(0);
  expect(existsSync(join(split, 'validation.negative'))).toBe(true);
});

describe('recsys <command> --config <file.json>', () => {
  it('trains from a config file alone, its paths relative to the file, not to the working directory', async () => {
    expect(process.cwd()).not.toBe(configs);
    const run = await cli('train', '--config', config('gmf.json', gmf));
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(run.out);
    expect(result).toMatchObject({ model: 'gmf', out: join(dir, 'models', 'gmf'), epochs: 2 });
    expect(result.history[0].validation).toBeDefined(); // the validation files were read
    expect(existsSync(join(dir, 'models', 'gmf', 'recsys-model.json'))).toBe(true);
  });

  it('lets a flag given on the command line override a value of the file', async () => {
    const out = join(dir, 'models', 'gmf-1');
    const run = await cli('train', '--config', config('gmf.json', gmf), '--epochs', '1', '--out', out);
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ epochs: 1, out });
  });

  it('evaluates and recommends from config files', async () => {
    const evaluated = await cli(
      'evaluate',
      '--config',
      config('evaluate.json', {
        modelDir: '../models/gmf',
        test: '../split/test.rating',
        testNegatives: '../split/test.negative',
        k: [5, 10],
      }),
    );
    expect(evaluated.code, evaluated.err).toBe(0);
    const metrics = JSON.parse(evaluated.out);
    expect(metrics.cases).toBe(40);
    expect(metrics).toMatchObject({ protocol: 'sampled', k: [5, 10] });
    expect(metrics.byK.map((cut: { k: number }) => cut.k)).toEqual([5, 10]);

    const users = [log.userIds.raw(0), log.userIds.raw(1)];
    const recommended = await cli(
      'recommend',
      '--config',
      config('recommend.json', { modelDir: '../models/gmf', users, k: 3, includeSeen: false }),
    );
    expect(recommended.code, recommended.err).toBe(0);
    const { k, recommendations } = JSON.parse(recommended.out);
    expect(k).toBe(3);
    expect(recommendations.map((r: { user: string }) => r.user)).toEqual(users);
    expect(recommendations[0].items).toHaveLength(3);
  });

  it('reads the positional files of data stats and report under "input" and "inputs"', async () => {
    const stats = await cli('data', 'stats', '--config', config('stats.json', { input: '../u.data', lenient: true }));
    expect(stats.code, stats.err).toBe(0);
    expect(JSON.parse(stats.out)).toMatchObject({ file: join(dir, 'u.data'), users: 40 });
    // A positional on the command line replaces the file's.
    const other = await cli(
      'data',
      'stats',
      '--config',
      config('stats.json', { input: 'missing.data' }),
      join(dir, 'u.data'),
    );
    expect(other.code, other.err).toBe(0);

    writeFileSync(join(dir, 'history.json'), (await cli('train', '--config', config('gmf.json', gmf))).out);
    const report = await cli(
      'report',
      '--config',
      config('report.json', { inputs: ['../history.json'], out: '../h.html' }),
    );
    expect(report.code, report.err).toBe(0);
    expect(readFileSync(join(dir, 'h.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('takes a multiple option as an array', async () => {
    const buy: string[] = [];
    const cart: string[] = [];
    const fav: string[] = [];
    for (let u = 1; u <= 20; u++) {
      for (let k = 0; k < 6; k++) {
        const item = 1 + ((u * 5 + k * 3) % 40);
        cart.push(`${u},${item}`);
        if (k % 3 === 0) fav.push(`${u},${item}`);
        if (k % 2 === 0) buy.push(`${u},${item}`);
      }
    }
    writeFileSync(join(dir, 'buy.csv'), buy.join('\n') + '\n');
    writeFileSync(join(dir, 'cart.csv'), cart.join('\n') + '\n');
    writeFileSync(join(dir, 'fav.csv'), fav.join('\n') + '\n');
    const run = await cli(
      'train',
      '--config',
      config('multi.json', {
        model: 'multi-feedback',
        train: '../buy.csv',
        behaviour: ['cart=../cart.csv', 'fav=../fav.csv'],
        format: 'csv',
        columns: 'user=0,item=1',
        epochs: 1,
        out: '../models/multi',
      }),
    );
    expect(run.code, run.err).toBe(0);
    const saved = readFileSync(join(dir, 'models', 'multi', 'recsys-model.json'), 'utf8');
    expect(saved.replace(/\s/g, '')).toContain('"supportive":["cart","fav"]');
  });

  describe('refuses, naming the file and the key', () => {
    const refused = async (argv: string[], message: RegExp) => {
      const run = await cli(...argv);
      expect(run.code, run.err).toBe(2);
      expect(run.err).toMatch(message);
    };

    it('a file that is not JSON, or not an object', async () => {
      const broken = config('broken.json', '{"epochs": 2,');
      await refused(['train', '--config', broken], /train: --config .*broken\.json is not JSON/);
      const list = config('list.json', [1, 2]);
      await refused(
        ['evaluate', '--config', list],
        /evaluate: --config .*list\.json must hold a JSON object .*an array/,
      );
      await refused(['score', '--config', join(configs, 'none.json')], /score: --config .*none\.json: no such file/);
    });

    it('an unknown key, with the key it may have meant', async () => {
      const path = config('typo.json', { ...gmf, epoch: 3 });
      await refused(
        ['train', '--config', path],
        new RegExp(`train: --config ${path}: unknown key "epoch" \\(did you mean "epochs"\\?\\)`),
      );
      await refused(
        ['evaluate', '--config', config('kebab.json', { 'model-dir': '../models/gmf' })],
        /unknown key "model-dir" \(did you mean "modelDir"\?\)/,
      );
    });

    it('a value of the wrong type', async () => {
      await refused(
        ['train', '--config', config('type.json', { ...gmf, epochs: true })],
        /type\.json: "epochs" takes a value \(--epochs <n>\): a string or a number, not true/,
      );
      await refused(
        ['evaluate', '--config', config('full.json', { full: 'yes' })],
        /full\.json: "full" is a flag: true or false, not "yes"/,
      );
      await refused(['train', '--config', config('out.json', { ...gmf, out: 3 })], /out\.json: "out" is a path/);
    });

    it('a model option that does not apply to the model, as a flag would be', async () => {
      const path = config('layers.json', { ...gmf, layers: [8, 4] });
      await refused(
        ['train', '--config', path],
        new RegExp(
          `--layers does not apply to gmf \\(it is an option of .*mlp.*\\).*\\(given as "layers" in ${path}\\)`,
        ),
      );
      // The model from the command line overrides the file's: the file's options are then checked against it.
      await refused(
        ['train', '--config', config('gmf.json', gmf), '--model', 'itempop'],
        /--factors does not apply to itempop \(it is an option of .*\).*\(given as "factors" in .*gmf\.json\)/,
      );
    });

    it('a value the command refuses, saying it came from the file', async () => {
      await refused(
        ['train', '--config', config('zero.json', { ...gmf, epochs: 0 })],
        /--epochs must be .*got "0".*\(given as "epochs" in .*zero\.json\)/,
      );
    });
  });

  it('checks a model option by one rule wherever it is given: constructor, flag, config file, saved manifest', async () => {
    const rule = /factors.* must be an integer ≥ 1, got "?0"?/;
    expect(() => new GMF({ factors: 0 })).toThrow(rule);
    const flag = await cli('train', '--config', config('gmf.json', gmf), '--factors', '0');
    expect(flag).toMatchObject({ code: 2, err: expect.stringMatching(rule) });
    const file = await cli('train', '--config', config('factors0.json', { ...gmf, factors: 0 }));
    expect(file).toMatchObject({ code: 2, err: expect.stringMatching(rule) });
    // A saved model whose manifest was edited to the same value is refused on loading, by the same rule.
    const saved = join(dir, 'models', 'gmf-edited');
    expect((await cli('train', '--config', config('gmf.json', gmf), '--epochs', '1', '--out', saved)).code).toBe(0);
    const manifestPath = join(saved, 'recsys-model.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, config: { ...manifest.config, factors: 0 } }));
    const loaded = await cli('recommend', '--model-dir', saved, '--users', String(log.userIds.raw(0)));
    expect(loaded.code).not.toBe(0);
    expect(loaded.err).toMatch(rule);
  });

  it("shows --config in every command's help", async () => {
    for (const command of [
      ['split'],
      ['train'],
      ['train', '--model', 'gmf'],
      ['evaluate'],
      ['score'],
      ['recommend'],
      ['report'],
      ['demo'],
      ['data', 'stats'],
    ]) {
      const help = await cli(...command, '--help');
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/--config <file\.json>\s+Options from a JSON file/);
    }
  });
});
