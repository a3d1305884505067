import { describeValue, refuseUnknownOptions } from './check-options.js';
import type { IdMap } from './id-map.js';
import { Interactions, MAX_BEHAVIOURS } from './interactions.js';
import { firstIdConflict } from './same-id-space.js';
import { checkLog } from './split/validate.js';

/**
 * One behaviour's log for {@link mergeBehaviourLogs}: its name and its rows (a log without a behaviours column).
 *
 * @example
 * ```ts
 * const part: BehaviourPart = { name: 'buy', log: buy.interactions };
 * ```
 */
export interface BehaviourPart {
  /** The behaviour's name, e.g. `'buy'`; it becomes a behaviour name of the merged log. */
  name: string;
  /** The behaviour's rows, in the id space every part shares. */
  log: Interactions;
}

/**
 * Merges one log per behaviour (a dataset published as one file per behaviour, e.g. `buy.txt`, `cart.txt`,
 * `pv.txt`) into one log with a behaviours column: part k's rows get code k, and the behaviour names are the parts'
 * names in order.
 *
 * Rows are kept in part order, then file order. Timestamps are kept when every part has them (an error when only
 * some do: the parts could not be ordered against each other); values are kept when every part has them, and dropped
 * otherwise.
 *
 * The parts must number users and items alike: load them with the same `userIds` and `itemIds` maps (the usual way),
 * or with maps that agree at every index both have. A part loaded before the others grew the shared maps has a smaller
 * index space; that is fine, and the merged log's `numUsers`/`numItems` are the maps' final sizes (or a part's larger
 * space). Runs in O(rows).
 *
 * @param parts - one `{ name, log }` per behaviour, in the code order wanted.
 * @throws TypeError when `parts` is not an array, a part is not `{ name, log }`, a name is not a non-empty string or a
 * log is not an Interactions.
 * @throws RangeError when `parts` is empty or has more than 256 entries, a part has an unknown key, a name is
 * repeated, a part already has a behaviours column, only some parts have timestamps (naming those without), or two
 * parts number their users or items differently (naming both parts and the first index that differs).
 * @example
 * ```ts
 * const userIds = new IdMap();
 * const itemIds = new IdMap();
 * const columns = { user: 0, item: 1 };
 * const buy = await loadDelimited('buy.txt', { columns, userIds, itemIds });
 * const cart = await loadDelimited('cart.txt', { columns, userIds, itemIds });
 * const log = mergeBehaviourLogs([
 *   { name: 'buy', log: buy.interactions },
 *   { name: 'cart', log: cart.interactions },
 * ]);
 * log.behaviourNames; // ['buy', 'cart']
 * log.size === buy.interactions.size + cart.interactions.size; // true
 * ```
 */
export function mergeBehaviourLogs(parts: readonly BehaviourPart[]): Interactions {
  const where = 'mergeBehaviourLogs';
  if (!Array.isArray(parts)) {
    throw new TypeError(`${where}: pass an array of { name, log }, one per behaviour, got ${describeValue(parts)}`);
  }
  if (parts.length === 0) {
    throw new RangeError(
      `${where}: no parts; pass one { name, log } per behaviour, e.g. [{ name: 'buy', log: buy }, { name: 'cart', ` +
        'log: cart }]',
    );
  }
  if (parts.length > MAX_BEHAVIOURS) {
    throw new RangeError(
      `${where}: ${parts.length} parts; behaviour codes are bytes, so at most ${MAX_BEHAVIOURS} behaviours`,
    );
  }
  const seen = new Map<string, number>();
  (parts as readonly unknown[]).forEach((part, k) => {
    if (part === null || typeof part !== 'object' || Array.isArray(part)) {
      throw new TypeError(`${where}: parts[${k}] must be { name, log }, got ${describeValue(part)}`);
    }
    refuseUnknownOptions(`${where} (parts[${k}])`, part, ['name', 'log']);
    const { name, log } = part as BehaviourPart;
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`${where}: parts[${k}].name must be a non-empty string, got ${describeValue(name)}`);
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new RangeError(`${where}: parts[${k}].name ${describeValue(name)} repeats parts[${first}].name`);
    }
    seen.set(name, k);
    checkLog(where, `parts[${k}].log (${describeValue(name)})`, log);
    if (log.behaviours) {
      throw new RangeError(
        `${where}: part ${describeValue(name)} already has a behaviours column (${log.behaviourNames.join(', ')}); ` +
          'merge logs of one behaviour each',
      );
    }
  });

  const untimed = parts.filter((part) => !part.log.timestamps).map((part) => describeValue(part.name));
  if (untimed.length > 0 && untimed.length < parts.length) {
    const timed = parts.filter((part) => part.log.timestamps).map((part) => describeValue(part.name));
    throw new RangeError(
      `${where}: ${untimed.length === 1 ? 'part' : 'parts'} ${untimed.join(', ')} ${untimed.length === 1 ? 'has' : 'have'} ` +
        `no timestamps but ${timed.join(', ')} ${timed.length === 1 ? 'has' : 'have'}; rows could not be ordered across ` +
        'behaviours: give every part timestamps, or none',
    );
  }
  const userIds = sharedMap(where, parts, 'user');
  const itemIds = sharedMap(where, parts, 'item');

  let size = 0;
  let numUsers = userIds.size;
  let numItems = itemIds.size;
  for (const { log } of parts) {
    size += log.size;
    numUsers = Math.max(numUsers, log.numUsers);
    numItems = Math.max(numItems, log.numItems);
  }
  const users = new Int32Array(size);
  const items = new Int32Array(size);
  const behaviours = new Uint8Array(size);
  const timestamps = untimed.length === 0 ? new Float64Array(size) : undefined;
  const values = parts.every((part) => part.log.values) ? new Float32Array(size) : undefined;
  let offset = 0;
  parts.forEach(({ log }, code) => {
    users.set(log.users, offset);
    items.set(log.items, offset);
    behaviours.fill(code, offset, offset + log.size);
    if (timestamps) timestamps.set(log.timestamps as Float64Array, offset);
    if (values) values.set(log.values as Float32Array, offset);
    offset += log.size;
  });
  return Interactions.fromColumns(
    { users, items, behaviours, timestamps, values },
    { userIds, itemIds, numUsers, numItems, behaviourNames: parts.map((part) => part.name) },
  );
}

/**
 * The users' (or items') id map the parts share: the largest of their maps, after checking that every map agrees
 * with it at every index both have. Comparing each part with the largest map so far keeps the check transitive.
 */
function sharedMap(where: string, parts: readonly BehaviourPart[], what: 'user' | 'item'): IdMap {
  const mapOf = (part: BehaviourPart) => (what === 'user' ? part.log.userIds : part.log.itemIds);
  let reference = 0;
  for (let k = 1; k < parts.length; k++) {
    const mine = mapOf(parts[reference]);
    const theirs = mapOf(parts[k]);
    const index = firstIdConflict(mine, theirs);
    if (index >= 0) {
      const [a, b] = [describeValue(parts[reference].name), describeValue(parts[k].name)];
      throw new RangeError(
        `${where}: parts ${a} and ${b} number their ${what}s differently: ${what} index ${index} is ` +
          `${describeValue(mine.raw(index))} in ${a} but ${describeValue(theirs.raw(index))} in ${b}; load every ` +
          'part with the same userIds and itemIds maps',
      );
    }
    if (theirs.size > mine.size) reference = k;
  }
  return mapOf(parts[reference]);
}
