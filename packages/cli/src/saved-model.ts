import { loadRecommender, type Recommender } from '@recsys/models';
import { requireString, type ParsedArgs } from './args.js';
import { checkedPath } from './paths.js';

/** The model in `--model-dir`, checked to be a directory first so a wrong path is named as such. */
export async function loadModelFromArgs(args: ParsedArgs, command: string): Promise<Recommender> {
  const dir = await checkedPath(requireString(args, 'model-dir', command), '--model-dir', 'directory');
  return loadRecommender(dir);
}
