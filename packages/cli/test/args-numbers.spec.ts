import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

// Number() reads '0x10' as 16, '+5' and ' 5' as 5, and '1e3' as an integer: a typo or a pasted value ran with a number
// the user never wrote. Usage errors come before any file is read, so the paths below need not exist.
describe('numbers on the command line', () => {
  const evaluate = (...more: string[]) => cli('evaluate', '--model-dir', 'missing', '--test', 't', '--full', ...more);

  it('an integer option takes plain digits only', async () => {
    for (const given of ['0x10', '+5', ' 5', '5 ', '1e3', '5.0', '', '1_000']) {
      expect(await evaluate('--k', given), given).toMatchObject({
        code: 2,
        err: expect.stringContaining(`--k must be an integer in [1, ${Number.MAX_SAFE_INTEGER}], got "${given}"`),
      });
    }
    expect(await cli('split', 'x', '--out', 'y', '--seed', '-3')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--seed must be an integer in [0, 4294967295], got "-3"'),
    });
    // Plain digits still reach the next step (the missing model directory).
    expect(await evaluate('--k', '5')).toMatchObject({ code: 1, err: expect.stringMatching(/missing/) });
  });

  describe("a model's or its training's options", () => {
    const train = (...more: string[]) =>
      cli('train', '--model', 'neumf', '--train', 'missing.rating', '--out', 'o', ...more);

    it('integers: plain digits', async () => {
      for (const [flag, given] of [
        ['--epochs', '1e1'],
        ['--epochs', '0x10'],
        ['--batch-size', '+64'],
        ['--factors', ' 8'],
        ['--factors', '8.0'],
      ]) {
        expect(await train(flag, given), `${flag} ${given}`).toMatchObject({
          code: 2,
          err: expect.stringContaining(`${flag} must be an integer ≥ 1, got "${given}"`),
        });
      }
    });

    it('numbers: plain decimal notation', async () => {
      for (const given of ['0x1', ' 0.1', '0.1 ', 'Infinity', '1e', '.']) {
        expect(await train('--lr', given), given).toMatchObject({
          code: 2,
          err: expect.stringContaining(`--lr must be a number > 0, got "${given}"`),
        });
      }
      expect(await train('--dropout', '0x0')).toMatchObject({
        code: 2,
        err: expect.stringContaining('--dropout must be a number in [0, 1), got "0x0"'),
      });
    });

    it('lists: comma-separated plain integers', async () => {
      for (const given of ['32,0x10,8', '32, 16', '32,1e1', '+32,16']) {
        expect(await train('--layers', given), given).toMatchObject({
          code: 2,
          err: expect.stringContaining(`--layers must be a non-empty list of integers ≥ 1, got "${given}"`),
        });
      }
    });

    it('plain values pass on to the next step (the missing training file)', async () => {
      const result = await train('--lr', '1e-3', '--layers', '32,16,8', '--epochs', '3', '--dropout', '.5');
      expect(result, result.err).toMatchObject({ code: 1, err: expect.stringMatching(/missing\.rating/) });
    });
  });
});
