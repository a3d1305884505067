import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import * as tfCore from '@tensorflow/tfjs-core';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { guideBlocks, REPO, where, type GuideBlock } from '../../../test-utils/guide-blocks.js';
import { PACKAGE_MODULES } from './package-modules.js';

// Every ```ts / ```js block of the guides in docs/*.md either runs here, as written, against the sources — in a
// temporary directory, its console.log lines captured and compared with the ```text block after it when that block is
// marked <!-- output -->, and, for ```ts, type-checked as a strict TypeScript module first — or is marked
// <!-- fragment: why --> on the line before its fence, and is then compiled and its imports checked, but not run.
// Nothing is left out without a mark. (Shell blocks: guides-shell.spec.ts in @recsys/cli.)

/** What a guide's code may import: the packages the guides tell users to install, tfjs's core, and Node's own. */
const MODULES: Record<string, Record<string, unknown>> = { ...PACKAGE_MODULES, '@tensorflow/tfjs-core': tfCore };
const NODE_MODULES = ['node:fs', 'node:fs/promises', 'node:os', 'node:path', 'node:url'];

const CODE_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);

interface Import {
  specifier: string;
  /** Named imports (`import { a, b as c }`), or `undefined` for a namespace import (`import * as x`). */
  names: string[] | undefined;
}

/**
 * The block as the body of an async function of `(__modules, console)`: TypeScript compiled away by esbuild (which
 * also drops imports used only as types), each `import { a, b as c } from 'x'` turned into
 * `const { a, b: c } = __modules['x']`, `import * as x from 'y'` into `const x = __modules['y']`, and `export` dropped
 * from declarations (a block may show a module meant for `recsys --import`). Any other import is refused.
 */
function compile(block: GuideBlock): { body: string; imports: Import[] } {
  const loader = block.language.startsWith('t') ? 'ts' : 'js';
  let js: string;
  try {
    js = transformSync(block.code, { loader, format: 'esm', target: 'es2022', sourcefile: where(block) }).code;
  } catch (error) {
    throw new Error(`${where(block)} does not compile: ${(error as Error).message}`);
  }
  const imports: Import[] = [];
  let body = js.replace(
    /^import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["'];?[ \t]*$/gm,
    (_line, list: string, specifier: string) => {
      const bindings = list
        .split(',')
        .map((binding) => binding.trim())
        .filter(Boolean);
      imports.push({ specifier, names: bindings.map((binding) => binding.split(/\s+as\s+/)[0]!) });
      const pattern = bindings.map((binding) => binding.replace(/\s+as\s+/, ': ')).join(', ');
      return `const { ${pattern} } = __modules[${JSON.stringify(specifier)}];`;
    },
  );
  body = body.replace(
    /^import\s*\*\s*as\s+(\w+)\s+from\s*["']([^"']+)["'];?[ \t]*$/gm,
    (_line, name: string, specifier: string) => {
      imports.push({ specifier, names: undefined });
      return `const ${name} = __modules[${JSON.stringify(specifier)}];`;
    },
  );
  const other = /^\s*import\b.*$/m.exec(body);
  if (other) throw new Error(`${where(block)}: an import this check cannot run: ${other[0]}`);
  body = body.replace(/^export\s+(?=(async\s+)?(class|function|const|let)\b)/gm, '');
  if (/^\s*export\b/m.test(body)) throw new Error(`${where(block)}: an export this check cannot run`);
  return { body: `'use strict';\n${body}`, imports };
}

/** Checks that every import names a module a user installs and, for named imports, names it exports. */
async function checkImports(block: GuideBlock, imports: Import[]): Promise<void> {
  for (const { specifier, names } of imports) {
    const known = MODULES[specifier] ?? (NODE_MODULES.includes(specifier) ? await import(specifier) : undefined);
    expect(known, `${where(block)} imports '${specifier}', which is not a package the guides install`).toBeDefined();
    for (const name of names ?? []) {
      expect(known![name], `${where(block)}: '${specifier}' exports no ${name}`).toBeDefined();
    }
  }
}

/** Runs a compiled block in a fresh temporary directory; returns what it printed with console.log, line by line. */
async function runBlock(body: string, imports: Import[]): Promise<string[]> {
  const modules: Record<string, unknown> = { ...MODULES };
  for (const { specifier } of imports)
    if (NODE_MODULES.includes(specifier)) modules[specifier] = await import(specifier);
  const printed: string[] = [];
  const log = (...args: unknown[]) => printed.push(...format(...args).split('\n'));
  const quiet = () => {}; // logs and progress go to stderr in the guides' programs; not part of their output
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...args: unknown[]) => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'recsys-guide-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    await new AsyncFunction('__modules', 'console', body)(modules, {
      ...console,
      log,
      info: log,
      warn: quiet,
      error: quiet,
    });
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
  return printed;
}

/**
 * Type-checks TypeScript blocks as modules of a user's project (strict, ES2022, the packages' types from their
 * sources), in one program: `tsc` errors, each as `docs/x.md:line: message`.
 */
function typeErrors(blocks: readonly GuideBlock[]): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    baseUrl: REPO,
    paths: { recsys: ['packages/recsys/src/index.ts'], '@recsys/*': ['packages/*/src/index.ts'] },
  };
  // Each block as a file beside this spec (so that node_modules resolve), `export {}` making it a module.
  const files = new Map(blocks.map((block, k) => [join(REPO, `packages/recsys/test/guide-block-${k}.ts`), block]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => (files.has(name) ? `${files.get(name)!.code}export {};\n` : readFile(name));
  host.getSourceFile = (name, language, ...rest) =>
    files.has(name)
      ? ts.createSourceFile(name, host.readFile(name)!, language)
      : getSourceFile.call(host, name, language, ...rest);
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files].flatMap(([name, block]) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (!diagnostic.file || diagnostic.start === undefined) return `${where(block)}: ${message}`;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${block.file}:${block.line + 1 + line}: ${message}`;
    }),
  );
}

const blocks = guideBlocks();
const code = blocks.filter((block) => CODE_LANGUAGES.has(block.language));
const runnable = code.filter((block) => block.mark?.kind !== 'fragment');

/** The `<!-- output -->` block after each runnable block that has one. */
const outputs = new Map<GuideBlock, GuideBlock>();
blocks.forEach((block, k) => {
  if (block.mark?.kind !== 'output') return;
  const previous = blocks[k - 1];
  if (!previous || previous.file !== block.file || !runnable.includes(previous)) {
    throw new Error(`${where(block)}: an <!-- output --> block must follow a block that runs`);
  }
  outputs.set(previous, block);
});

describe('the guides in docs/', () => {
  it('have code blocks to check', () => {
    expect(code.length).toBeGreaterThan(0);
    expect(runnable.length).toBeGreaterThan(0);
  });

  it('type-check, where they are TypeScript that runs (strict)', () => {
    const typed = runnable.filter((block) => block.language.startsWith('t'));
    expect(typeErrors(typed)).toEqual([]);
  });

  describe.each(code.map((block) => [where(block), block] as const))('%s', (_name, block) => {
    const fragment = block.mark?.kind === 'fragment' ? block.mark.reason : undefined;

    it(`compiles, and imports only names the packages export${fragment ? ` (a fragment: ${fragment})` : ''}`, async () => {
      const { imports } = compile(block);
      await checkImports(block, imports);
    });

    it.skipIf(fragment !== undefined)('runs as written', async () => {
      const { body, imports } = compile(block);
      const printed = await runBlock(body, imports);
      const output = outputs.get(block);
      if (output) expect(printed, `the output shown at ${where(output)}`).toEqual(output.code.trimEnd().split('\n'));
    });
  });
});
