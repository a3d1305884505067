/**
 * Colours that stay apart for the common colour-vision deficiencies: Okabe & Ito's palette ("Color Universal Design",
 * 2008), yellow left out (unreadable as a line on white). More series than colours also change dash pattern, so 12
 * models still get 12 distinct styles.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

/** The colour of each protocol's bars: blue for sampled, vermillion for full ranking, lighter for their warm cases. */
export const PROTOCOL_COLOURS = {
  sampled: '#0072B2',
  full: '#D55E00',
  'sampled-warm': '#56B4E9',
  'full-warm': '#E69F00',
  'in-matrix': '#009E73',
  'out-of-matrix': '#CC79A7',
} as const;

const DASHES = [undefined, '6 3', '2 3'] as const;

/**
 * The colour and dash pattern of the `i`-th series: colours first, then the same colours dashed, then dotted.
 *
 * @throws RangeError when `i` is not an integer ≥ 0.
 * @example
 * ```ts
 * seriesStyle(0); // { colour: '#0072B2', dash: undefined }
 * seriesStyle(7); // { colour: '#0072B2', dash: '6 3' }
 * ```
 */
export function seriesStyle(i: number): { colour: string; dash: string | undefined } {
  if (!(Number.isInteger(i) && i >= 0)) throw new RangeError(`seriesStyle: i must be an integer ≥ 0, got ${i}`);
  return { colour: PALETTE[i % PALETTE.length]!, dash: DASHES[Math.floor(i / PALETTE.length) % DASHES.length] };
}
