import { readFile } from 'node:fs/promises';
import type { IdMap } from '@recsys/data';
import { nearMiss } from './cold-ids.js';
import { logger, type CliIo } from './io.js';
import { checkedPath } from './paths.js';

/** How many unknown ids an error names. */
const EXAMPLES = 5;

/**
 * The raw item ids listed in a file, one per line, as the interaction files write them (surrounding whitespace and
 * blank lines ignored). Only a line's first tab-separated field is read, so a file of `id<TAB>anything` lines works
 * as is: `recsys split`'s `cold-item-ids.tsv` (`dense id<TAB>original id`) lists the ids its `.rating` files use.
 */
export function parseItemList(text: string): string[] {
  const ids: string[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const id = line.split('\t', 1)[0]!.trim();
    if (id !== '') ids.push(id);
  }
  return ids;
}

/**
 * Reads an item list ({@link parseItemList}) given with `option` (e.g. `--candidates`) and returns the items' indices
 * in `itemIds` (a model's), each once, in the order listed; repeated ids are counted on stderr.
 *
 * @throws Error naming the option, the file, how many ids are unknown and the first few (with the near miss that
 * suggests a formatting problem, if any), or saying that the file lists no ids.
 */
export async function loadItemList(io: CliIo, path: string, option: string, itemIds: IdMap): Promise<Int32Array> {
  await checkedPath(path, option);
  const ids = parseItemList(await readFile(path, 'utf8'));
  if (ids.length === 0) throw new Error(`${option}: ${path} lists no item ids (one per line)`);
  const indices = new Set<number>();
  const unknown: string[] = [];
  let repeated = 0;
  for (const id of ids) {
    const index = itemIds.index(id);
    if (index === undefined) unknown.push(id);
    else if (indices.has(index)) repeated++;
    else indices.add(index);
  }
  if (unknown.length > 0) {
    const distinct = [...new Set(unknown)];
    const examples = distinct
      .slice(0, EXAMPLES)
      .map((id) => JSON.stringify(id))
      .join(', ');
    const hint = distinct.map((id) => nearMiss(id, itemIds)).find((miss) => miss !== undefined);
    throw new Error(
      `${option}: ${distinct.length} of the ${new Set(ids).size} ids in ${path} are not items of the model ` +
        `(e.g. ${examples})${hint ? `; ${hint}` : ''}: list the ids it was trained with, as the training (or item ` +
        'features) file writes them',
    );
  }
  if (repeated > 0) logger(io)(`${path}: ${repeated} repeated item ids counted once (${option})`);
  return Int32Array.from(indices);
}
