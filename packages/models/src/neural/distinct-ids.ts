/**
 * The distinct values of `ids` (in first-seen order) and, for each position, the index of its value among them: a
 * model that encodes users and items separately (DMF's towers, DELF's attention) computes each once per scoring call
 * and gathers the results back to the pairs.
 *
 * With `skipNegative`, negative ids (padding) are not among the distinct ones and keep index −1.
 *
 * @example
 * ```ts
 * distinctIds(Int32Array.of(7, 3, 7)); // { ids: [7, 3], index: [0, 1, 0] }
 * distinctIds(Int32Array.of(7, -1), true); // { ids: [7], index: [0, -1] }
 * ```
 */
export function distinctIds(ids: Int32Array, skipNegative = false): { ids: Int32Array; index: Int32Array } {
  const position = new Map<number, number>();
  const index = new Int32Array(ids.length);
  const unique: number[] = [];
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k]!;
    if (skipNegative && id < 0) {
      index[k] = -1;
      continue;
    }
    let at = position.get(id);
    if (at === undefined) {
      at = unique.length;
      position.set(id, at);
      unique.push(id);
    }
    index[k] = at;
  }
  return { ids: Int32Array.from(unique), index };
}
