import { basename } from 'node:path';

/** The interaction file formats {@link loadInteractions} reads. */
export type LoadFormat = 'movielens' | 'ncf' | 'taobao' | 'csv' | 'citeulike';

/** The formats, for CLI help and validation. */
export const LOAD_FORMATS: readonly LoadFormat[] = ['movielens', 'ncf', 'taobao', 'csv', 'citeulike'];

/**
 * Guesses a file's format from its name: `u.data` (and the ML-100K splits `u1.base` … `ub.test`) and `ratings.dat` are
 * MovieLens, `*.rating` NCF, `UserBehavior*.csv` Taobao, `users.dat` CiteULike. Anything else (a generic CSV needs a
 * column mapping) gives `undefined`.
 *
 * @param path - the file's path; only its base name is looked at.
 * @example
 * ```ts
 * detectFormat('data/ml-100k/u.data'); // 'movielens'
 * detectFormat('AMusic.train.rating'); // 'ncf'
 * detectFormat('ratings.csv'); // undefined
 * ```
 */
export function detectFormat(path: string): LoadFormat | undefined {
  const name = basename(path);
  if (name === 'u.data' || name === 'ratings.dat' || /^u[1-5ab]\.(base|test)$/.test(name)) return 'movielens';
  if (name.endsWith('.rating')) return 'ncf';
  if (/^UserBehavior.*\.csv$/i.test(name)) return 'taobao';
  if (name === 'users.dat') return 'citeulike';
  return undefined;
}
