import { describe, expect, it } from 'vitest';
import { fuzzLoaders } from '../../../../bench/fuzz/harness.mjs';
import { sharedData } from '../../../../test-utils/shared-data.js';
import * as loaders from './index.js';

// The loader fuzz of `pnpm bench fuzz-loaders`, smaller and on the sources: mutated files (cut, flipped, re-encoded,
// padded with blank lines, ...) must load exactly what the reference parse in bench/fuzz/reference.mjs gives, or fail
// at its first bad line. Without ../shared/data it runs on the generated base files only.
describe('loaders under fuzzing', () => {
  it('load what the reference parse gives, or fail at its first bad line, never anything else', async () => {
    const tallies = await fuzzLoaders({ loaders, cases: 120, seed: 7, dataDir: sharedData() });
    expect(tallies.map((t) => t.format)).toHaveLength(8);
    for (const tally of tallies) {
      expect(tally.mismatches, tally.format).toEqual([]);
      // The mutations must exercise both outcomes, or the check says little.
      expect(tally.loadedEqual, tally.format).toBeGreaterThan(20);
      expect(tally.failedRight, tally.format).toBeGreaterThan(20);
    }
  });
});
