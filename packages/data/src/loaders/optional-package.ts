/**
 * Thrown when a loader needs an optional peer dependency that is not installed (`hyparquet` for Parquet,
 * `@duckdb/node-api` for DuckDB). Its message says what to install.
 *
 * @example
 * ```ts
 * try {
 *   await loadParquet('events.parquet', { columns: { user: 'user_id', item: 'item_id' } });
 * } catch (error) {
 *   if (error instanceof MissingPackageError) console.error(`run: npm install ${error.packageName}`);
 * }
 * ```
 */
export class MissingPackageError extends Error {
  /** The package to install, e.g. `'hyparquet'`. */
  readonly packageName: string;

  /**
   * @param packageName - the package to install.
   * @param needed - what needs it, e.g. `'loadParquet (Parquet files)'`.
   * @param cause - the import's own error.
   */
  constructor(packageName: string, needed: string, cause?: unknown) {
    super(
      `${needed} needs the package ${packageName}, which is not installed: npm install ${packageName} ` +
        `(or pnpm add / yarn add ${packageName}); it is an optional peer dependency of @recsys/data`,
      { cause },
    );
    this.name = 'MissingPackageError';
    this.packageName = packageName;
  }
}

/**
 * Imports an optional peer dependency. The import is a function so that the package is loaded only when a loader
 * needs it (the rest of @recsys/data never pulls it in) and so that bundlers see a literal specifier.
 *
 * @param packageName - the package, for the message.
 * @param needed - what needs it, for the message.
 * @param load - the import, e.g. `() => import('hyparquet')`.
 * @throws MissingPackageError when the package itself cannot be found; any other failure (a package found but
 * broken, e.g. a native binding for another platform) as it is, with the package named.
 */
export async function importOptional<T>(packageName: string, needed: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isNotFound(error, packageName)) throw new MissingPackageError(packageName, needed, error);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${needed}: the package ${packageName} is installed but failed to load: ${message}`, {
      cause: error,
    });
  }
}

/**
 * Whether an import failed because the package itself is missing: Node's `ERR_MODULE_NOT_FOUND` (ESM) or
 * `MODULE_NOT_FOUND` (CJS) naming it, or the same from a bundler or test runner. A package found whose own
 * dependency is missing is not "not installed": reinstalling it would not help.
 */
function isNotFound(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  const message = error.message;
  const names = message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`);
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return names;
  return names && /cannot find (package|module)|failed to (load|resolve)/i.test(message);
}
