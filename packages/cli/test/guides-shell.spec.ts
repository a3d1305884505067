import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { recommenderNames } from '@recsys/models';
import { describe, expect, it } from 'vitest';
import { guideBlocks, REPO, where, type GuideBlock } from '../../../test-utils/guide-blocks.js';
import { run, usage } from '../src/main.js';

// The shell blocks of the guides in docs/*.md are not run (they read data sets and train for minutes), but every
// `recsys <command>` they write must be a command, and every --flag one the command takes: the option tables of the
// commands' --help (a model's own with --model, a module's with --import), which is what the parser accepts. (Code
// blocks: guides-code.spec.ts in the recsys package.)

const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console']);

/** The commands `recsys --help` lists, e.g. `data stats`, `train`. */
function commandNames(): string[] {
  return usage()
    .split('\n')
    .flatMap((line) => /^ {2}([a-z]+(?: [a-z]+)?) {2,}\S/.exec(line)?.[1] ?? []);
}

const helps = new Map<string, Promise<Set<string>>>();

/** The flags a command's help lists (`--help` included), for the given leading arguments (`train --model gmf`). */
function helpFlags(argv: string[]): Promise<Set<string>> {
  const key = argv.join('\0');
  if (!helps.has(key)) helps.set(key, readHelp(argv));
  return helps.get(key)!;
}

async function readHelp(argv: string[]): Promise<Set<string>> {
  let out = '';
  let err = '';
  const code = await run([...argv, '--help'], {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTTY: false,
  });
  if (code !== 0) throw new Error(`recsys ${argv.join(' ')} --help failed (${code}): ${err.trim()}`);
  return new Set(out.split('\n').flatMap((line) => /^ {2}--([a-z0-9][a-z0-9-]*)/.exec(line)?.[1] ?? []));
}

/** The words of a shell text: quotes and backslashes as the shell reads them, comments and line continuations gone. */
function shellCommands(text: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    if (c === '\\' && text[k + 1] === '\n') {
      k++; // a line continuation
    } else if (c === '\\') {
      word = (word ?? '') + (text[++k] ?? '');
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, k + 1);
      if (end < 0) throw new Error(`unclosed ${c} in: ${text.slice(k, k + 40)}`);
      word = (word ?? '') + text.slice(k + 1, end);
      k = end;
    } else if (c === '#' && word === undefined) {
      while (k < text.length && text[k] !== '\n') k++;
      endCommand();
    } else if (c === '\n' || c === ';' || c === '|' || c === '&') {
      endCommand();
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else {
      word = (word ?? '') + c;
    }
  }
  endCommand();
  return commands;
}

interface RecsysCall {
  /** The command as `recsys --help` names it. */
  command: string;
  /** Its flags as written, without their values. */
  flags: string[];
  /** `--model` and `--import`, which decide what `train` takes. */
  model?: string;
  imports?: string;
}

/** The `recsys …` calls of a shell block (`recsys`, `pnpm recsys`, `npx recsys`, `node packages/cli/dist/bin.js`). */
function recsysCalls(block: GuideBlock): RecsysCall[] {
  return shellCommands(block.code).flatMap((words): RecsysCall[] => {
    let k = 0;
    while (k < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k]!)) k++; // VAR=value before the command
    if (words[k] === 'pnpm' || words[k] === 'npx') k++;
    else if (words[k] === 'node' && words[k + 1]?.endsWith('cli/dist/bin.js')) k++;
    if (words[k] !== 'recsys' && !words[k]?.endsWith('cli/dist/bin.js')) return [];
    const rest = words.slice(k + 1).map((w) => w.replace(/^\[+/, '').replace(/\]+$/, '')); // [--validation]
    const first = rest[0];
    if (first === undefined || first.startsWith('-'))
      return [{ command: '', flags: rest.filter(isFlag).map(flagName) }];
    const command = first === 'data' ? `data ${rest[1]}` : first;
    const flags = rest.filter(isFlag).map(flagName);
    const value = (flag: string) => {
      const at = rest.findIndex((w) => w === `--${flag}` || w.startsWith(`--${flag}=`));
      return at < 0 ? undefined : rest[at]!.includes('=') ? rest[at]!.split('=')[1] : rest[at + 1];
    };
    return [{ command, flags, model: value('model'), imports: value('import') }];
  });
}

const isFlag = (word: string) => /^--[a-z]/.test(word);
const flagName = (word: string) => word.slice(2).split('=')[0]!;

const COMMANDS = commandNames();
const TOP_LEVEL = new Set(['help', 'version']);

/** The flags a call may use: its command's, and for `train` its model's (every model's when a --config names it). */
async function acceptedFlags(call: RecsysCall): Promise<Set<string>> {
  const words = call.command.split(' ');
  if (call.command !== 'train') return new Set(await helpFlags(words));
  const imports = call.imports?.split(',').map((path) => resolve(REPO, path));
  for (const path of imports ?? []) expect(existsSync(path), `--import ${path} does not exist`).toBe(true);
  const leading = [...words, ...(imports ? ['--import', imports.join(',')] : [])];
  if (call.model !== undefined) return new Set(await helpFlags([...leading, '--model', call.model]));
  const all = new Set(await helpFlags(leading));
  for (const name of recommenderNames())
    for (const flag of await helpFlags([...leading, '--model', name])) all.add(flag);
  return all;
}

const shell = guideBlocks().filter((block) => SHELL_LANGUAGES.has(block.language));

describe('the shell blocks of the guides in docs/', () => {
  it('find the command list in recsys --help', () => {
    expect(COMMANDS).toContain('train');
    expect(COMMANDS).toContain('data stats');
    expect(shell.length).toBeGreaterThan(0);
  });

  it.each(shell.map((block) => [where(block), block] as const))(
    '%s: its recsys commands exist and take its flags',
    async (_name, block) => {
      const problems: string[] = [];
      for (const call of recsysCalls(block)) {
        if (call.command === '') {
          for (const flag of call.flags) if (!TOP_LEVEL.has(flag)) problems.push(`recsys takes no --${flag} first`);
          continue;
        }
        if (!COMMANDS.includes(call.command)) {
          problems.push(`"${call.command}" is not a recsys command (${COMMANDS.join(', ')})`);
          continue;
        }
        const accepted = await acceptedFlags(call);
        const of = call.model ? ` --model ${call.model}` : '';
        for (const flag of call.flags) {
          if (!accepted.has(flag)) problems.push(`recsys ${call.command}${of} takes no --${flag}`);
        }
      }
      expect(problems, where(block)).toEqual([]);
    },
  );
});
