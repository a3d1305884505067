import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recommenderNames } from '@recsys/models';
import { describe, expect, it } from 'vitest';
import { PACKAGE_MODULES } from './package-modules.js';

// The API site's landing page (docs/site/index.md, typedoc's readme) promises that its quick start runs as written
// after its install line. This runs the page's code block here, against the sources, so the page cannot drift from
// the API.
const PAGE = fileURLToPath(new URL('../../../docs/site/index.md', import.meta.url));
const page = readFileSync(PAGE, 'utf8');

/** What an `import … from '<specifier>'` in the quick start may name: the packages the page tells users to install. */
const MODULES = PACKAGE_MODULES;

/** The body of the page's `## <title>` section, up to the next `## ` heading. */
function section(title: string): string {
  const found = page.split(/^## /m).find((part) => part.startsWith(`${title}\n`));
  if (!found) throw new Error(`${PAGE} has no "## ${title}" section`);
  return found;
}

/** The first fenced code block of a section in one of `languages`. */
function codeBlock(title: string, languages: string[]): string {
  const fence = new RegExp('^```(?:' + languages.join('|') + ')\\n([\\s\\S]*?)^```', 'm');
  const match = fence.exec(section(title));
  if (!match) throw new Error(`the "## ${title}" section of ${PAGE} has no \`\`\`${languages.join('/')} block`);
  return match[1]!;
}

interface Import {
  specifier: string;
  names: string[];
}

/**
 * Turns the block's `import { a, b as c } from 'x';` lines into `const { a, b: c } = __modules['x'];` so that it runs
 * as an async function body, in this process, on the modules above. Any other form of import is refused.
 */
function asFunctionBody(code: string): { body: string; imports: Import[] } {
  const imports: Import[] = [];
  const body = code.replace(/^import\s*\{([^}]*)\}\s*from\s*'([^']+)';?[ \t]*$/gm, (_line, list: string, specifier) => {
    const bindings = list
      .split(',')
      .map((binding) => binding.trim())
      .filter(Boolean);
    imports.push({ specifier, names: bindings.map((binding) => binding.split(/\s+as\s+/)[0]!) });
    return `const { ${bindings.map((binding) => binding.replace(/\s+as\s+/, ': ')).join(', ')} } = __modules[${JSON.stringify(specifier)}];`;
  });
  const other = /^\s*import\b.*$/m.exec(body);
  if (other) throw new Error(`the quick start has an import this check cannot run: ${other[0]}`);
  return { body, imports };
}

describe('the API site landing page', () => {
  const { body, imports } = asFunctionBody(codeBlock('Quick start', ['js', 'mjs', 'ts']));

  it("imports only what the page's install line installs, and names that exist", () => {
    const install = codeBlock('Install', ['sh', 'bash']);
    const installed = new Set(
      install
        .split('\n')
        .filter((line) => /^\s*npm install\b/.test(line))
        .flatMap((line) => line.trim().split(/\s+/).slice(2)),
    );
    expect(imports.length).toBeGreaterThan(0);
    for (const { specifier, names } of imports) {
      expect(installed, `'${specifier}' is imported but not in the install line`).toContain(specifier);
      const module = MODULES[specifier];
      expect(module, `'${specifier}' is not a recsys package`).toBeDefined();
      for (const name of names) expect(module![name], `${specifier} exports no ${name}`).toBeDefined();
    }
  });

  it('runs its quick start: trains, evaluates under both protocols, recommends', async () => {
    const lines: string[] = [];
    const log = (...args: unknown[]) =>
      lines.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...args: unknown[]) => Promise<void>;
    await new AsyncFunction('__modules', 'console', body)(MODULES, { ...console, log });

    expect(lines).toHaveLength(2);
    const hr = /^HR@10 sampled (\d\.\d{3}), full ranking (\d\.\d{3})$/.exec(lines[0]!);
    expect(hr, lines[0]).not.toBeNull();
    const [sampled, full] = [Number(hr![1]), Number(hr![2])];
    // The sampled candidates are a subset of the full-ranking ones, so a test item ranks at least as high among them;
    // 0.1 is what random scores get among 1 + 99 candidates.
    expect(sampled).toBeGreaterThanOrEqual(full);
    expect(sampled).toBeGreaterThan(0.2);
    const top = JSON.parse(lines[1]!) as unknown;
    expect(Array.isArray(top) && top.length === 5 && top.every((id) => typeof id === 'string')).toBe(true);
  });

  it('lists every registered model in its model table', () => {
    const table = section('Models');
    for (const name of recommenderNames()) expect(table, `model '${name}'`).toContain(`\`${name}\``);
  });
});
