import { mixSeeds } from '@recsys/layers';

/**
 * The seed of a model's block: the fit's seed mixed with a hash of the block's name. Blocks get unrelated streams,
 * and a block keeps its stream whatever other blocks a model declares, so NeuMF's `gmf_user` table starts where
 * GMF's does.
 */
export function blockSeed(seed: number, name: string): number {
  // FNV-1a over the name's UTF-16 code units.
  let h = 0x811c9dc5;
  for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 0x01000193);
  return mixSeeds(seed, h >>> 0);
}
