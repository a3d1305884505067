import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OptionSpec, ParsedArgs } from './args.js';

/** The `--import` option of the commands that make or load models. */
export const IMPORT_OPTION: Record<string, OptionSpec> = {
  import: {
    type: 'string',
    value: '<module,…>',
    description: 'ES modules to import first (comma-separated paths), e.g. one that registers your own model',
  },
};

/**
 * Imports the modules `--import` names (paths relative to the working directory), so that a model a user registered
 * with `registerRecommender` is known to `train`, `evaluate`, `score` and `recommend`.
 *
 * @throws naming the module when one cannot be imported.
 */
export async function importModules(args: ParsedArgs | string | undefined): Promise<void> {
  const list = typeof args === 'object' ? args.values['import'] : args;
  if (typeof list !== 'string') return;
  for (const path of list.split(',').filter((p) => p.trim() !== '')) {
    try {
      await import(pathToFileURL(resolve(path.trim())).href);
    } catch (error) {
      throw new Error(`--import ${path}: ${(error as Error).message}`);
    }
  }
}
