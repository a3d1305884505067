import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

describe('recsys command-line conventions', () => {
  it('--version prints the version of the packages', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V'])
      expect(await cli(flag)).toMatchObject({ code: 0, out: `recsys ${version}\n` });
  });

  it('lists every command once, in groups, with a whole sentence', async () => {
    const { out } = await cli('--help');
    const lines = out.split('\n').filter((line) => /^ {2}\S/.test(line));
    const names = lines.map((line) => line.trim().split(/\s{2,}/)[0]);
    expect(names.sort()).toEqual(
      ['compare', 'data stats', 'demo', 'evaluate', 'export', 'recommend', 'report', 'score', 'split', 'train'].sort(),
    );
    for (const line of lines) expect(line.trimEnd()).toMatch(/\.$/);
    expect(out).toMatch(/\nData:\n {2}data stats .*\n {2}split /);
  });

  it('suggests the command or option a typo meant', async () => {
    expect(await cli('trian')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/unknown command "trian" \(did you mean "train"\?\)/),
    });
    expect(await cli('train', '--model', 'gmf', '--epoch', '3')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/train: unknown option --epoch \(did you mean --epochs\?\)/),
    });
    expect(await cli('data')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/data needs a subcommand: recsys data stats/),
    });
    expect((await cli('xyzzy')).err).not.toMatch(/did you mean/);
    // Short: the hint and where the commands are listed, not the whole list.
    expect((await cli('trian')).err).toBe(
      'recsys: unknown command "trian" (did you mean "train"?)\nRun "recsys --help" for the commands.\n',
    );
    expect(await cli('train', '--model', 'gmff', '--train', 'x', '--out', 'y')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/train: unknown model "gmff" \(did you mean "gmf"\?\)/),
    });
    expect(await cli('data', '--help')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^Usage: recsys data <subcommand> \[options\]\n\n {2}data stats {4}Prints/),
    });
  });

  it('refuses a stray argument in every command that takes no files, before doing any work', async () => {
    for (const command of ['compare', 'demo', 'evaluate', 'export', 'recommend', 'score', 'train']) {
      const argv = command === 'train' ? ['train', '--model', 'gmf', 'stray.csv'] : [command, 'stray.csv'];
      expect(await cli(...argv)).toMatchObject({
        code: 2,
        err: expect.stringContaining(`${command}: unexpected argument "stray.csv"`),
      });
    }
  });
});
