import { describeValue } from './check-options.js';
import { Interactions } from './interactions.js';
import { checkLog, checkRequiredOptions } from './split/validate.js';

/**
 * Options of {@link behaviourViews}.
 *
 * @example
 * ```ts
 * const options: BehaviourViewsOptions = { target: 'buy', supportive: ['cart', 'pv'] };
 * ```
 */
export interface BehaviourViewsOptions {
  /** The target behaviour, the one to recommend for (e.g. `'buy'`). */
  target: string;
  /**
   * The supportive behaviours, in the order wanted (e.g. `['pv', 'cart', 'fav']`). Default: every other behaviour
   * of the log that has rows, in code order.
   */
  supportive?: readonly string[];
}

/**
 * A log with several implicit-feedback behaviours seen as one *target* behaviour (purchases) and *supportive* ones
 * (views, carts, favourites). Every log in it shares the log's id maps, index space and behaviour names, so a user
 * or item index means the same thing in each.
 *
 * @example
 * ```ts
 * const views: BehaviourViews = behaviourViews(log, { target: 'buy' });
 * views.supportive; // ['pv', 'cart', 'fav']
 * views.supportiveLogs[1].size; // rows of 'cart'
 * ```
 */
export interface BehaviourViews {
  /** The target behaviour's name. */
  readonly target: string;
  /** The supportive behaviours' names, in the order given (default: code order). */
  readonly supportive: readonly string[];
  /** The target rows, in file order. */
  readonly targetLog: Interactions;
  /** The rows of each supportive behaviour, in file order; parallel to {@link supportive}. */
  readonly supportiveLogs: readonly Interactions[];
  /** The whole log, every behaviour (including any that is neither target nor supportive). */
  readonly log: Interactions;
}

/**
 * Splits a log with a behaviours column into the target behaviour's rows and each supportive behaviour's rows: the
 * raw material of multiple-implicit-feedback models, where purchases are the target and views, carts and favourites
 * support it (a purchase's negatives are drawn among items the user only touched through them).
 *
 * Names are checked against the log: each must be one of its `behaviourNames` and have rows (a behaviour named but
 * absent from the data would make an empty view, and a model branch that learns nothing). Behaviours neither target
 * nor listed as supportive stay only in {@link BehaviourViews.log}. An empty `supportive` list is allowed, as is a
 * log whose only behaviour with rows is the target (then the default list is empty). Runs in O(rows).
 *
 * @param log - a log with a behaviours column (e.g. from {@link loadTaobao}, a delimited file with a behaviour column,
 * or {@link mergeBehaviourLogs}).
 * @param options - the target behaviour and, optionally, the supportive ones.
 * @throws TypeError when `log` is not an Interactions, the options are missing, `target` is not a string or
 * `supportive` is not an array of strings.
 * @throws RangeError naming the culprit, and listing the log's behaviours with their row counts, when the log has no
 * behaviours column, a name is not one of the log's behaviours, a named behaviour has no rows ("… is named but absent
 * from the data"), the target is also listed as supportive, a supportive name is repeated, or an option key is
 * unknown.
 * @example
 * ```ts
 * const { interactions } = await loadTaobao('UserBehavior.csv');
 * const { targetLog, supportive, supportiveLogs } = behaviourViews(interactions, { target: 'buy' });
 * supportive; // ['pv', 'cart', 'fav']
 * targetLog.size; // purchases
 * supportiveLogs[supportive.indexOf('cart')].has(0, 7); // whether user 0 carted item 7
 * ```
 */
export function behaviourViews(log: Interactions, options: BehaviourViewsOptions): BehaviourViews {
  const where = 'behaviourViews';
  checkLog(where, 'log', log);
  checkRequiredOptions(where, options, ['target', 'supportive'], "{ target: 'buy' }");
  const counts = behaviourRowCounts(where, log);
  const target = options.target;
  const targetCode = behaviourCode(where, log, counts, 'target', target);

  let supportive: string[];
  if (options.supportive === undefined) {
    supportive = log.behaviourNames.filter((_, code) => code !== targetCode && counts[code] > 0);
  } else {
    if (!Array.isArray(options.supportive)) {
      throw new TypeError(
        `${where}: option "supportive" must be an array of behaviour names, got ${describeValue(options.supportive)}`,
      );
    }
    supportive = [...(options.supportive as readonly unknown[])] as string[];
    const seen = new Map<string, number>();
    supportive.forEach((name, k) => {
      behaviourCode(where, log, counts, `supportive[${k}]`, name);
      if (name === target) {
        throw new RangeError(
          `${where}: supportive[${k}] ${describeValue(name)} is the target; a behaviour is either the target or ` +
            'supportive',
        );
      }
      const first = seen.get(name);
      if (first !== undefined) {
        throw new RangeError(`${where}: supportive[${k}] ${describeValue(name)} repeats supportive[${first}]`);
      }
      seen.set(name, k);
    });
  }

  const rowsOf = rowsByBehaviour(log, counts);
  return {
    target,
    supportive,
    targetLog: log.select(rowsOf[targetCode]),
    supportiveLogs: supportive.map((name) => log.select(rowsOf[log.behaviourNames.indexOf(name)])),
    log,
  };
}

/**
 * The number of rows of each behaviour code of `log` (internal to the behaviour functions of this package).
 *
 * @throws RangeError naming `where` when the log has no behaviours column.
 * @example
 * ```ts
 * behaviourRowCounts('behaviourViews', log); // Int32Array [10, 3, 0, 2] for pv, cart, fav, buy
 * ```
 */
export function behaviourRowCounts(where: string, log: Interactions): Int32Array {
  const behaviours = log.behaviours;
  if (!behaviours || log.behaviourNames.length === 0) {
    throw new RangeError(
      `${where}: the log has no behaviours column (load one with loadTaobao or loadDelimited's behaviour column, ` +
        'or merge one log per behaviour with mergeBehaviourLogs)',
    );
  }
  const counts = new Int32Array(log.behaviourNames.length);
  for (let r = 0; r < behaviours.length; r++) counts[behaviours[r]]++;
  return counts;
}

/**
 * The code of behaviour `name` in `log`, checked: a string, one of the log's behaviour names, and (unless
 * `absentIsFine`) with rows. Internal to the behaviour functions of this package.
 *
 * @param what - how the message calls the name, e.g. `'target'` or `'supportive[1]'`.
 * @param counts - {@link behaviourRowCounts} of the log, listed in the messages.
 * @throws TypeError when `name` is not a string; RangeError when it is not a behaviour of the log, or has no rows.
 * @example
 * ```ts
 * behaviourCode('behaviourViews', log, behaviourRowCounts('behaviourViews', log), 'target', 'buy'); // 3
 * ```
 */
export function behaviourCode(
  where: string,
  log: Interactions,
  counts: Int32Array,
  what: string,
  name: unknown,
  absentIsFine = false,
): number {
  if (typeof name !== 'string') {
    throw new TypeError(
      `${where}: ${what} must be a behaviour name (a string), got ${describeValue(name)} (${listBehaviours(log, counts)})`,
    );
  }
  const code = log.behaviourNames.indexOf(name);
  if (code < 0) {
    throw new RangeError(
      `${where}: ${what} ${describeValue(name)} is not a behaviour of the log (${listBehaviours(log, counts)})`,
    );
  }
  if (counts[code] === 0 && !absentIsFine) {
    throw new RangeError(
      `${where}: ${what} ${describeValue(name)} is named but absent from the data: 0 rows (${listBehaviours(log, counts)})`,
    );
  }
  return code;
}

/** `rows per behaviour in the log: pv 10, cart 3, fav 0, buy 2`. */
function listBehaviours(log: Interactions, counts: Int32Array): string {
  return `rows per behaviour in the log: ${log.behaviourNames.map((name, code) => `${name} ${counts[code]}`).join(', ')}`;
}

/** The row numbers of each behaviour code, in file order. */
function rowsByBehaviour(log: Interactions, counts: Int32Array): Int32Array[] {
  const rows = Array.from(counts, (count) => new Int32Array(count));
  const fill = new Int32Array(counts.length);
  const behaviours = log.behaviours as Uint8Array;
  for (let r = 0; r < behaviours.length; r++) rows[behaviours[r]][fill[behaviours[r]]++] = r;
  return rows;
}
