import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The guides: every Markdown file directly in `docs/` (the API site lists them; GitHub renders them). */
export const GUIDES_DIR = join(REPO, 'docs');

/**
 * What the HTML comment on the line before a fence says about the block:
 * - `<!-- fragment: why -->`: not a complete program (it uses a model or split defined elsewhere, runs in a web
 *   page, reads a data set that is not in the repository, …); checked for syntax and imports, not run. The reason
 *   is required, so that no block is left out without one.
 * - `<!-- output -->` (on a `text` block): what the runnable block before it prints, line for line.
 */
export type BlockMark = { kind: 'fragment'; reason: string } | { kind: 'output' } | undefined;

/** One fenced code block of a guide. */
export interface GuideBlock {
  /** The guide's path relative to the repository root, e.g. `docs/evaluation.md`. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's language: the first word of its info string (`ts`, `sh`, …), `''` for none. */
  language: string;
  /** The block's text, its fence's indentation removed, ending with a newline. */
  code: string;
  mark: BlockMark;
}

const MARK = /^<!--\s*(fragment|output)\b\s*(?::\s*([\s\S]*?))?\s*-->$/;

/**
 * The fenced code blocks of a Markdown text, in order, with the mark of each (see {@link BlockMark}).
 *
 * @throws Error naming the line of an unclosed fence, of a mark written otherwise (a fragment without a reason,
 *   `<!-- output: … -->`), or of a mark not followed by a fence (blank lines may come between).
 */
export function codeBlocks(text: string, file: string): GuideBlock[] {
  const lines = text.split('\n');
  const blocks: GuideBlock[] = [];
  let pendingMark: { mark: BlockMark; line: number } | undefined;
  for (let k = 0; k < lines.length; k++) {
    const trimmed = lines[k]!.trim();
    if (/^<!--\s*(fragment|output)/i.test(trimmed)) {
      const match = MARK.exec(trimmed);
      if (!match || (match[1] === 'fragment') !== Boolean(match[2])) {
        throw new Error(
          `${file}:${k + 1}: "${trimmed}" is not a mark this check reads: write <!-- fragment: why it cannot run --> ` +
            'or <!-- output -->',
        );
      }
      pendingMark = {
        mark: match[1] === 'fragment' ? { kind: 'fragment', reason: match[2]! } : { kind: 'output' },
        line: k + 1,
      };
      continue;
    }
    const fence = /^(\s*)(`{3,})(.*)$/.exec(lines[k]!);
    if (!fence) {
      if (trimmed !== '' && pendingMark) {
        throw new Error(`${file}:${pendingMark.line}: a mark must stand on the line before a code fence`);
      }
      continue;
    }
    const [, indent, ticks, info] = fence;
    const start = k;
    const body: string[] = [];
    for (k++; k < lines.length; k++) {
      const closing = /^(\s*)(`{3,})\s*$/.exec(lines[k]!);
      if (closing && closing[2]!.length >= ticks!.length) break;
      body.push(lines[k]!.startsWith(indent!) ? lines[k]!.slice(indent!.length) : lines[k]!.trimStart());
    }
    if (k === lines.length) throw new Error(`${file}:${start + 1}: code fence never closed`);
    blocks.push({
      file,
      line: start + 1,
      language: info!.trim().split(/\s+/)[0] ?? '',
      code: body.join('\n') + '\n',
      mark: pendingMark?.mark,
    });
    pendingMark = undefined;
  }
  if (pendingMark) throw new Error(`${file}:${pendingMark.line}: a mark must stand on the line before a code fence`);
  return blocks;
}

/** The code blocks of every guide in `docs/`, file by file (sorted by name). */
export function guideBlocks(): GuideBlock[] {
  return readdirSync(GUIDES_DIR)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .flatMap((name) => {
      const path = join(GUIDES_DIR, name);
      return codeBlocks(readFileSync(path, 'utf8'), relative(REPO, path));
    });
}

/** Where a block is, for test names and messages: `docs/evaluation.md:42`. */
export function where(block: GuideBlock): string {
  return `${block.file}:${block.line}`;
}
