import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandSpec, ParsedArgs } from './args.js';
import { defineCommand } from './command.js';
import { CONFIG_OPTION } from './config.js';
import { UsageError, type CliIo } from './io.js';

function io(): CliIo & { text: () => string } {
  let out = '';
  return { out: (t) => void (out += t), err: () => {}, isTTY: false, text: () => out };
}

const base: CommandSpec = {
  name: 'probe',
  brief: 'A probe.',
  summary: 'A command for the tests.',
  usage: 'recsys probe [--epochs N]',
  options: { epochs: { type: 'string', value: '<N>', description: 'Epochs' }, ...CONFIG_OPTION },
};

/** A command that records the arguments its body was given. */
function probe(spec: CommandSpec) {
  const seen: ParsedArgs[] = [];
  const run = defineCommand(spec, async (args) => (seen.push(args), 0));
  return { run, seen };
}

describe('defineCommand', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recsys-command-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses the arguments and runs the body with them', async () => {
    const { run, seen } = probe(base);
    expect(await run(['--epochs', '3'], io())).toBe(0);
    expect(seen[0]!.values.epochs).toBe('3');
  });

  it('prints the help for --help without running the body', async () => {
    const { run, seen } = probe(base);
    const out = io();
    expect(await run(['--help'], out)).toBe(0);
    expect(out.text()).toContain('recsys probe [--epochs N]');
    expect(seen).toHaveLength(0);
  });

  it('refuses a positional argument when the spec takes none, naming it', async () => {
    const { run, seen } = probe(base);
    await expect(run(['u.data'], io())).rejects.toThrow(new UsageError('probe: unexpected argument "u.data"'));
    expect(seen).toHaveLength(0);
  });

  it('passes positionals on when the spec declares them', async () => {
    const { run, seen } = probe({ ...base, positionals: ['<file>'] });
    await run(['a.csv', 'b.csv'], io());
    expect(seen[0]!.positionals).toEqual(['a.csv', 'b.csv']);
  });

  it('reads the --config file into flags, a flag given overriding it', async () => {
    const path = join(dir, 'probe.json');
    await writeFile(path, JSON.stringify({ epochs: 7 }));
    const { run, seen } = probe(base);
    await run(['--config', path], io());
    await run(['--config', path, '--epochs', '2'], io());
    expect(seen.map((args) => args.values.epochs)).toEqual(['7', '2']);
  });

  it("leaves a command's own config option to the command", async () => {
    const own: CommandSpec = {
      ...base,
      options: { config: { type: 'string', value: '<file.json>', description: 'Its own file' } },
    };
    const { run, seen } = probe(own);
    await run(['--config', join(dir, 'absent.json')], io()); // not read here: the body reads it
    expect(seen[0]!.values.config).toBe(join(dir, 'absent.json'));
  });
});
