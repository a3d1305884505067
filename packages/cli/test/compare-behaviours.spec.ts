import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

/**
 * A small shop: 40 users browse 18 of 150 items each (pv), cart every third of them and buy every other carted one.
 * Written as a Taobao UserBehavior CSV, and as one CSV per behaviour with the last purchases as a test file.
 */
function files(dir: string) {
  const taobao: string[] = [];
  const buy: string[] = [];
  const cart: string[] = [];
  const test: string[] = [];
  for (let u = 1; u <= 40; u++) {
    let t = 1_500_000_000 + u * 1000;
    const bought: string[] = [];
    for (let k = 0; k < 18; k++) {
      const item = 1 + ((u * 11 + k * 7) % 150);
      taobao.push(`${u},${item},9,pv,${++t}`);
      if (k % 3 === 0) {
        taobao.push(`${u},${item},9,cart,${++t}`);
        cart.push(`${u},${item}`);
        if (k % 2 === 0) {
          taobao.push(`${u},${item},9,buy,${++t}`);
          bought.push(`${u},${item}`);
        }
      }
    }
    // Three purchases per user (k = 0, 6, 12): the last is the given test.
    test.push(bought.pop()!);
    buy.push(...bought);
  }
  const write = (name: string, lines: string[]) => {
    writeFileSync(join(dir, name), lines.join('\n') + '\n');
    return join(dir, name);
  };
  return {
    taobao: write('UserBehavior.csv', taobao),
    buy: write('buy.train.csv', buy),
    cart: write('cart.csv', cart),
    test: write('buy.test.csv', test),
  };
}

const quick = ['--seeds', '1', '--ks', '5,10', '--negatives', '10', '--max-epochs', '1', '--patience', '1'];

describe('recsys compare --target', () => {
  let dir: string;
  let paths: ReturnType<typeof files>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'recsys-compare-behaviours-'));
    paths = files(dir);
  });

  it('splits a Taobao log on purchases and trains each model on its log', async () => {
    const out = join(dir, 'taobao');
    const run = await cli(
      'compare',
      '--data',
      paths.taobao,
      '--target',
      'buy',
      '--models',
      'itempop,itempop+all,multi-feedback',
      ...quick,
      '--out',
      out,
    );
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(result.split.kind).toBe('leave-one-out on "buy"');
    expect(result.split.behaviours).toMatchObject({ target: 'buy', names: ['pv', 'cart', 'fav', 'buy'] });
    expect(result.runs.map((r: { model: string }) => r.model)).toEqual(['itempop', 'itempop+all', 'multi-feedback']);
    // Every test purchase followed a view and a cart of its item: those earlier rows are kept, and said so.
    expect(result.split.behaviours.earlierSupportiveRows).toBe(2 * 40);
    expect(run.err).toMatch(
      /0 supportive rows at or after a held-out "buy" of their pair dropped.*80 earlier ones kept/,
    );
  });

  it('reads one file per behaviour beside a given purchase test file', async () => {
    const out = join(dir, 'files');
    const run = await cli(
      'compare',
      '--data',
      paths.buy,
      '--test',
      paths.test,
      '--behaviour',
      `cart=${paths.cart}`,
      '--target',
      'buy',
      '--format',
      'csv',
      '--columns',
      'user=0,item=1',
      '--models',
      'itempop,itempop+all',
      ...quick,
      '--out',
      out,
    );
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(result.split).toMatchObject({
      kind: 'given test on "buy"',
      test: 40,
      behaviours: { target: 'buy', names: ['buy', 'cart'], testPairsWithSupportive: 40 },
    });
    expect(run.err).toMatch(/40 test pairs also have supportive training rows: kept/);
  });

  it('takes the target, the supportive behaviours and the behaviour files from a config file', async () => {
    // Paths in a config file are relative to it.
    const config = join(dir, 'compare.json');
    writeFileSync(
      config,
      JSON.stringify({
        data: 'buy.train.csv',
        test: 'buy.test.csv',
        behaviourFiles: { cart: 'cart.csv' },
        target: 'buy',
        supportive: ['cart'],
        models: ['itempop'],
        seeds: 1,
        ks: [5, 10],
        negatives: 10,
        out: 'from-config',
      }),
    );
    const run = await cli('compare', '--config', config, '--format', 'csv', '--columns', 'user=0,item=1');
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'from-config', 'results.json'), 'utf8'));
    expect(result.split).toMatchObject({ kind: 'given test on "buy"', behaviours: { names: ['buy', 'cart'] } });
  });

  it('refuses what needs a target without one, naming it', async () => {
    const bad = async (...args: string[]) => {
      const run = await cli('compare', '--data', paths.taobao, ...quick, '--out', join(dir, 'bad'), ...args);
      expect(run.code).toBe(2);
      return run.err;
    };
    expect(await bad('--behaviour', `cart=${paths.cart}`)).toMatch(/--behaviour needs --target/);
    expect(await bad('--supportive', 'cart')).toMatch(/--supportive needs --target/);
    expect(await bad('--models', 'itempop+all')).toMatch(/itempop\+all trains on several behaviours/);
    expect(await bad('--target', 'purchase', '--models', 'itempop')).toMatch(/purchase/);
    expect(
      await bad('--target', 'buy', '--behaviour', `buy=${paths.cart}`, '--format', 'csv', '--columns', 'user=0,item=1'),
    ).toMatch(/"buy" is the target/);
  });
});
