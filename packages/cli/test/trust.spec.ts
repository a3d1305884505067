import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

// Each case here printed a plausible number, or lost data, with exit 0 before (a hostile-user probe of the CLI).

/** What `recsys split` writes without --validation, sorted. */
const SPLIT_FILES = ['item-ids.tsv', 'test.negative', 'test.rating', 'train.rating', 'user-ids.tsv'];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'recsys-trust-'));
}

/** A MovieLens-style file: 30 users with 12 items each out of 80, timestamps increasing. */
function ratingsFile(dir: string, name = 'u.data', users = 30): string {
  const lines: string[] = [];
  let t = 1000;
  for (let u = 1; u <= users; u++) {
    for (let k = 0; k < 12; k++) lines.push(`${u}\t${1 + ((u * 7 + k * 5) % 80)}\t${1 + ((u + k) % 5)}\t${t++}`);
  }
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

describe('evaluation inputs are cross-checked', () => {
  let dir: string;
  let split: string;
  let other: string;
  let model: string;

  beforeAll(async () => {
    dir = tempDir();
    split = join(dir, 'split');
    other = join(dir, 'other');
    const a = await cli('split', ratingsFile(dir), '--out', split, '--negatives', '20', '--validation');
    expect(a.code, a.err).toBe(0);
    const b = await cli(
      'split',
      ratingsFile(dir, 'shifted.data', 25),
      '--format',
      'movielens',
      '--out',
      other,
      '--negatives',
      '20',
    );
    expect(b.code, b.err).toBe(0);
    model = join(dir, 'model');
    const trained = await cli('train', '--model', 'itempop', '--train', join(split, 'train.rating'), '--out', model);
    expect(trained.code, trained.err).toBe(0);
  });

  const evaluate = (test: string, negatives: string, ...rest: string[]) =>
    cli('evaluate', '--model-dir', model, '--test', test, '--test-negatives', negatives, ...rest);

  it('passes matching files and prints the candidate count', async () => {
    const result = await evaluate(join(split, 'test.rating'), join(split, 'test.negative'));
    expect(result.code, result.err).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ candidates: 21, candidateRange: [21, 21], users: 30 });
    expect(result.err).toMatch(/30 cases, 20 negatives each/);
  });

  it('refuses a test file the negatives were not written for', async () => {
    // The negatives' heads used to be the only input read: any --test gave the same metrics.
    const result = await evaluate(join(other, 'test.rating'), join(split, 'test.negative'));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /test\.negative does not belong to .*other\/test\.rating: \d+ of its 30 cases are not pairs/,
    );
    const validation = await evaluate(join(split, 'validation.rating'), join(split, 'test.negative'));
    expect(validation.code).toBe(1);
  });

  it('refuses lines without negatives, and lines cut short unless told to rank them as listed', async () => {
    const lines = readFileSync(join(split, 'test.negative'), 'utf8').trim().split('\n');
    const headsOnly = join(dir, 'heads.negative');
    writeFileSync(headsOnly, lines.map((line) => line.split('\t')[0]).join('\n') + '\n');
    const heads = await evaluate(join(split, 'test.rating'), headsOnly);
    expect(heads.code, heads.err).toBe(1);
    expect(heads.err).toMatch(/heads\.negative.*no negatives/);

    const cut = join(dir, 'cut.negative');
    const cutLines = lines.map((line, k) => (k % 2 ? line.split('\t').slice(0, 6).join('\t') : line));
    writeFileSync(cut, cutLines.join('\n') + '\n');
    const refused = await evaluate(join(split, 'test.rating'), cut);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/15 of 30 cases do not list the usual 20 negatives \(from 5 to 20; first: line 2, 5\)/);
    expect(refused.err).toMatch(/--unequal-negatives/);
    const allowed = await evaluate(join(split, 'test.rating'), cut, '--unequal-negatives');
    expect(allowed.code, allowed.err).toBe(0);
    expect(allowed.err).toMatch(/warning: .*15 of 30 cases do not list the usual 20/);
    expect(JSON.parse(allowed.out).candidateRange).toEqual([6, 21]);
  });

  it('warns when k reaches the candidate count', async () => {
    const result = await evaluate(join(split, 'test.rating'), join(split, 'test.negative'), '--k', '21');
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(/warning: k = 21 is not below the smallest candidate set \(21 candidates\)/);
  });

  it('refuses test pairs that are training pairs under full ranking', async () => {
    const leaky = join(dir, 'leaky.rating');
    const train = readFileSync(join(split, 'train.rating'), 'utf8').trim().split('\n');
    writeFileSync(leaky, train.slice(0, 4).join('\n') + '\n');
    const result = await cli('evaluate', '--model-dir', model, '--test', leaky, '--full');
    expect(result.code, result.err).toBe(1);
    expect(result.err).toMatch(/4 of 4 held-out rows are training pairs .* a held-out pair cannot also be a seen item/);
    // Under the sampled protocol it is said loudly.
    const negatives = join(dir, 'leaky.negative');
    const lists = readFileSync(join(split, 'test.negative'), 'utf8').trim().split('\n');
    const heads = train.slice(0, 4).map((line) => line.split('\t').slice(0, 2).join(','));
    writeFileSync(
      negatives,
      heads.map((head, k) => `(${head})\t${lists[k]!.split('\t').slice(1).join('\t')}`).join('\n') + '\n',
    );
    const sampled = await evaluate(leaky, negatives);
    expect(sampled.code, sampled.err).toBe(0);
    expect(sampled.err).toMatch(/warning: 4 of the 4 pairs of .*leaky\.rating are training pairs/);
  });

  it('counts test rows with ids the model never saw', async () => {
    const cold = join(dir, 'cold.rating');
    writeFileSync(cold, '0\t1\t5\t1\n999\t1\t5\t2\n3\t998\t5\t3\n');
    const result = await cli('evaluate', '--model-dir', model, '--test', cold, '--full');
    expect(result.err).toMatch(
      /cold\.rating: 2 of 3 rows are scored as cold ids: 1 with an unknown user \(e\.g\. "999"\), 1 with an unknown item \(e\.g\. "998"\)/,
    );
  });

  it('adds only the ids a dense-id test file names, not the range below its largest id', async () => {
    // An NCF test item 5000 used to extend the space to 5001 items: 4,900 phantom candidates per user.
    const far = join(dir, 'far.rating');
    const lines = readFileSync(join(split, 'test.rating'), 'utf8').trim().split('\n');
    lines[0] = lines[0].replace(/^(\d+)\t\d+\t/, '$1\t5000\t');
    writeFileSync(far, lines.join('\n') + '\n');
    const result = await cli('evaluate', '--model-dir', model, '--test', far, '--full');
    expect(result.code, result.err).toBe(0);
    const items = readFileSync(join(split, 'item-ids.tsv'), 'utf8').trim().split('\n').length;
    expect(JSON.parse(result.out).candidateRange[1]).toBeLessThanOrEqual(items + 1);
    expect(result.err).toMatch(/1 with an unknown item \(e\.g\. "5000"\)/);
  });

  it("refuses the test set's negatives as validation negatives", async () => {
    // Passing them used to pick epochs on the test set, with "validation" figures equal to the test ones.
    const result = await cli(
      'train',
      '--model',
      'gmf',
      '--epochs',
      '1',
      '--train',
      join(split, 'train.rating'),
      '--validation',
      join(split, 'validation.rating'),
      '--validation-negatives',
      join(split, 'test.negative'),
      '--out',
      join(dir, 'never'),
    );
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/test\.negative does not belong to .*validation\.rating/);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('split', () => {
  it('holds out Taobao pairs with all their behaviours and says the behaviour column is not written', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    let t = 1_500_000_000;
    for (let u = 1; u <= 20; u++) {
      for (let k = 0; k < 8; k++) {
        const item = 100 + ((u * 3 + k * 7) % 40);
        lines.push(`${u},${item},7,pv,${t++}`);
        if (k % 2 === 0) lines.push(`${u},${item},7,buy,${t++}`); // the same pair through another behaviour
      }
    }
    const data = join(dir, 'UserBehavior.csv');
    writeFileSync(data, lines.join('\n') + '\n');
    const result = await cli('split', data, '--out', join(dir, 'out'), '--negatives', '5', '--validation');
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(/warning: the behaviour column \(pv 160, cart 0, fav 0, buy 80\) is not written/);
    const pairs = (file: string) =>
      readFileSync(join(dir, 'out', file), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split('\t').slice(0, 2).join(' '));
    const train = new Set(pairs('train.rating'));
    for (const file of ['test.rating', 'validation.rating']) {
      const leaked = pairs(file).filter((pair) => train.has(pair));
      expect(leaked, `${file} pairs also in train.rating`).toEqual([]);
    }
    expect(JSON.parse(result.out).heldOutPairRows).toBeGreaterThan(0);
  });

  it('leaves the output directory as it was when it fails, and removes files a new run does not write', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const first = await cli('split', ratingsFile(dir), '--out', out, '--negatives', '5', '--validation');
    expect(first.code, first.err).toBe(0);
    const before = snapshot(out);
    // 79 negatives cannot be drawn for users with 12 of 80 items: this failed after train.rating and test.rating had
    // replaced the previous ones; now it is refused before anything is written.
    const failed = await cli(
      'split',
      ratingsFile(dir, 'b.data', 20),
      '--format',
      'movielens',
      '--out',
      out,
      '--negatives',
      '79',
    );
    expect(failed.code, failed.err).toBe(2);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]); // no temporary left behind
    const again = await cli('split', ratingsFile(dir), '--out', out, '--negatives', '5');
    expect(again.code, again.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(SPLIT_FILES);
  });
});

describe('split refuses what would lose data', () => {
  it('will not overwrite its own input', async () => {
    const dir = tempDir();
    const first = join(dir, 'first');
    expect((await cli('split', ratingsFile(dir), '--out', first, '--negatives', '5')).code).toBe(0);
    const input = readFileSync(join(first, 'train.rating'), 'utf8');
    const result = await cli('split', join(first, 'train.rating'), '--out', first, '--negatives', '5');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/--out: splitting .*train\.rating into .* would overwrite it \(as train\.rating\)/);
    expect(readFileSync(join(first, 'train.rating'), 'utf8')).toBe(input);
  });

  it("replaces a split kept beside the user's own files, whatever stood in a split file's place", async () => {
    // A directory named test.negative made the old per-file move fail midway, after train.rating was replaced.
    const dir = tempDir();
    const out = join(dir, 'out');
    expect((await cli('split', ratingsFile(dir), '--out', out, '--negatives', '5', '--validation')).code).toBe(0);
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    rmSync(join(out, 'test.negative'));
    mkdirSync(join(out, 'test.negative'));
    writeFileSync(join(out, 'test.negative', 'x'), 'x');
    const again = await cli(
      'split',
      ratingsFile(dir, 'b.data', 20),
      '--format',
      'movielens',
      '--out',
      out,
      '--negatives',
      '5',
    );
    expect(again.code, again.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'item-ids.tsv',
      'notes.txt',
      'test.negative',
      'test.rating',
      'train.rating',
      'user-ids.tsv',
    ]);
    expect(statSync(join(out, 'test.negative')).isFile()).toBe(true);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(out, 'test.rating'), 'utf8').trim().split('\n')).toHaveLength(20);
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('creates missing parents, names --negatives when too many are asked for, escapes ids in the id maps', async () => {
    const dir = tempDir();
    const data = join(dir, 'data.csv');
    writeFileSync(data, 'a\tb,i1,5,1\na\tb,i2,4,2\nc,i1,3,3\nc,i3,2,4\nc,i2,1,5\n');
    const csv = ['--format', 'csv', '--columns', 'user=0,item=1,value=2,timestamp=3'];
    const tooMany = await cli('split', data, ...csv, '--out', join(dir, 'x'), '--negatives', '2');
    expect(tooMany.code).toBe(2);
    expect(tooMany.err).toMatch(/--negatives 2: user "c" has only 0 items it never interacted with; at most 0/);
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, 'a\tb,i1,5,1\na\tb,i2,4,2\nc,i1,3,3\nc,i3,2,4\nd,i4,1,5\nd,i5,1,6\n');
    const nested = await cli('split', wide, ...csv, '--out', join(dir, 'deep', 'er', 'out'), '--negatives', '1');
    expect(nested.code, nested.err).toBe(0);
    expect(readFileSync(join(dir, 'deep', 'er', 'out', 'user-ids.tsv'), 'utf8')).toBe('0\ta\\tb\n1\tc\n2\td\n');
  });
});

describe('score and recommend say which ids they could not match', () => {
  it('counts cold pairs and names the ids that look like known ones written differently', async () => {
    const dir = tempDir();
    const model = join(dir, 'model');
    const trained = await cli('train', '--model', 'itempop', '--train', ratingsFile(dir), '--out', model);
    expect(trained.code, trained.err).toBe(0);
    const pairs = join(dir, 'pairs.tsv');
    writeFileSync(pairs, 'user\titem\n7\t8\n007\t8\n 7\t8\n7\t12345\n');
    const result = await cli('score', '--model-dir', model, '--pairs', pairs);
    expect(result.code, result.err).toBe(0);
    expect(result.out.trim().split('\n')).toHaveLength(5);
    expect(result.err).toMatch(
      /warning: .*pairs\.tsv: 4 of 5 pairs scored cold: 3 with an unknown user \(e\.g\. "user", "007", " 7"\), 2 with an unknown item/,
    );
    expect(result.err).toMatch(
      /2 look like known ids written differently: "007" has leading zeros; the model knows "7"/,
    );
    const recommended = await cli('recommend', '--model-dir', model, '--users', '007');
    expect(recommended.err).toMatch(/"007" has leading zeros; the model knows "7"/);
  });
});

describe('messages name the option or file', () => {
  it('a negative number reaches the option check', async () => {
    const result = await cli('train', '--model', 'gmf', '--train', 'x', '--out', 'y', '--epochs', '-1');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/epochs/);
    expect(result.err).not.toMatch(/ambiguous/);
  });

  it('a missing file or a directory is named with its option', async () => {
    const dir = tempDir();
    const missing = await cli('train', '--model', 'itempop', '--train', join(dir, 'nope.data'), '--out', dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/--train: no such file ".*nope\.data"/);
    const directory = await cli('data', 'stats', dir, '--format', 'movielens');
    expect(directory.err).toMatch(/is a directory/);
    const model = await cli('score', '--model-dir', join(dir, 'none'), '--pairs', ratingsFile(dir));
    expect(model.err).toMatch(/--model-dir: no such directory/);
  });
});

describe('a diverged run', () => {
  it('stops at the first non-finite loss, names the epoch and step, and saves nothing', async () => {
    const dir = tempDir();
    const out = join(dir, 'model');
    const result = await cli(
      'train',
      '--model',
      'gmf',
      '--train',
      ratingsFile(dir),
      '--out',
      out,
      '--lr',
      '1e30',
      '--epochs',
      '3',
    );
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/epoch 1, batch \d+\/\d+: step \d+: the loss is (NaN|-?Infinity): training diverged/);
    expect(result.err).toMatch(/Lower the learning rate/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('validation rows training never saw', () => {
  it('are counted, not dropped silently', async () => {
    const dir = tempDir();
    const split = join(dir, 'split');
    expect((await cli('split', ratingsFile(dir), '--out', split, '--negatives', '5', '--validation')).code).toBe(0);
    const validation = join(dir, 'validation.rating');
    writeFileSync(validation, readFileSync(join(split, 'validation.rating'), 'utf8') + '5000\t1\t5\t1\n');
    const result = await cli(
      'train',
      '--model',
      'gmf',
      '--epochs',
      '1',
      '--train',
      join(split, 'train.rating'),
      '--validation',
      validation,
      '--validation-negatives',
      join(split, 'validation.negative'),
      '--out',
      join(dir, 'model'),
    );
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(/warning: .*validation\.rating: 1 of 31 rows name a user or item training never saw/);
  });
});

describe('the model directory', () => {
  let dir: string;
  let split: string;
  let out: string;
  const train = (...more: string[]) =>
    cli(
      'train',
      '--model',
      'gmf',
      '--epochs',
      '2',
      '--train',
      join(split, 'train.rating'),
      '--validation',
      join(split, 'validation.rating'),
      '--validation-negatives',
      join(split, 'validation.negative'),
      ...more,
    );

  beforeAll(async () => {
    dir = tempDir();
    split = join(dir, 'split');
    expect((await cli('split', ratingsFile(dir), '--out', split, '--negatives', '5', '--validation')).code).toBe(0);
    out = join(dir, 'model');
    const first = await train('--out', out);
    expect(first.code, first.err).toBe(0);
  });

  it('remembers the validation pairs, so evaluating on them is warned about', async () => {
    const result = await cli(
      'evaluate',
      '--model-dir',
      out,
      '--test',
      join(split, 'validation.rating'),
      '--test-negatives',
      join(split, 'validation.negative'),
    );
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(
      /warning: 30 of the 30 pairs of .*validation\.rating are the validation pairs its epochs/,
    );
    const test = await cli(
      'evaluate',
      '--model-dir',
      out,
      '--test',
      join(split, 'test.rating'),
      '--test-negatives',
      join(split, 'test.negative'),
    );
    expect(test.code, test.err).toBe(0);
    expect(test.err).not.toMatch(/are the validation pairs|are training pairs/);
  });

  it('says when a save replaces a model, and refuses a directory holding something else', async () => {
    const again = await train('--out', out);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toMatch(/saved to .*model \(replacing a gmf model saved by recsys \d/);
    const foreign = join(dir, 'photos');
    await cli('split', ratingsFile(dir), '--out', foreign, '--negatives', '5'); // a directory of other files
    const refused = await train('--out', foreign);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/--out: .*photos/);
    expect(refused.err).not.toMatch(/training gmf/); // refused before the training file is even read
    expect(readdirSync(foreign).sort()).toEqual(SPLIT_FILES);
  });
});

describe('a dense-id training file', () => {
  it('says which users and items are in range without training rows', async () => {
    const dir = tempDir();
    const train = join(dir, 'sparse.train.rating');
    writeFileSync(train, '0\t0\t1\t1\n0\t1\t1\t2\n1\t1\t1\t1\n1\t50\t1\t1\n7\t2\t1\t1\n');
    const model = join(dir, 'model');
    expect((await cli('train', '--model', 'itempop', '--train', train, '--out', model)).code).toBe(0);
    const recommended = await cli('recommend', '--model-dir', model, '--users', '3');
    expect(recommended.err).toMatch(/user "3" is in the model's id range but has no training rows/);
    const pairs = join(dir, 'pairs.tsv');
    writeFileSync(pairs, '0\t1\n0\t30\n');
    const scored = await cli('score', '--model-dir', model, '--pairs', pairs);
    expect(scored.err).toMatch(/1 pairs name a user or item in the model's id range that has no training rows/);
    const stats = JSON.parse((await cli('data', 'stats', train)).out);
    expect(stats).toMatchObject({ users: 3, items: 4, rows: 5, density: 5 / 12 });
    expect(stats.indexSpace).toEqual({ users: 8, items: 51, usersWithoutRows: 5, itemsWithoutRows: 47 });
  });
});

describe('csv-only flags', () => {
  it('are refused for another format instead of ignored', async () => {
    const dir = tempDir();
    const result = await cli('data', 'stats', ratingsFile(dir), '--delimiter', ';');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--delimiter applies to --format csv only; this file is read as movielens/);
  });
});
