/**
 * What loading one optional backend package gave: loaded (with a short detail for the log line), or not (with a short
 * reason for the log line and the fix a user needs in an error message).
 *
 * @example
 * ```ts
 * const missing: LoadOutcome = {
 *   loaded: false,
 *   why: 'tfjs-backend-wasm not installed',
 *   fix: 'Install it: npm i @tensorflow/tfjs-backend-wasm',
 * };
 * ```
 */
export type LoadOutcome =
  | { readonly loaded: true; readonly detail: string }
  | { readonly loaded: false; readonly why: string; readonly fix: string };

/**
 * True when `error` is Node's "module not found" error for `specifier` itself (ESM `ERR_MODULE_NOT_FOUND` or CJS
 * `MODULE_NOT_FOUND`), as opposed to a failure inside a package that was found (such as a missing native addon or a
 * missing dependency of it).
 *
 * @example
 * ```ts
 * try {
 *   await import('@tensorflow/tfjs-node');
 * } catch (error) {
 *   if (isModuleNotFound(error, '@tensorflow/tfjs-node')) console.log('not installed');
 * }
 * ```
 */
export function isModuleNotFound(error: unknown, specifier: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  // Bundlers' resolvers (vite, which vitest runs on) throw without a code: `Could not resolve "<name>" …`.
  if (errorMessage(error).includes(`Could not resolve "${specifier}"`)) return true;
  if (!('code' in error)) return false;
  const { code } = error;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  // The message names the specifier that was not found: `Cannot find package '<name>'` / `Cannot find module '<name>'`.
  return errorMessage(error).includes(`'${specifier}'`);
}

/**
 * The first line of an error's message (or of `String(error)`), for a one-line log or error message.
 *
 * @example
 * ```ts
 * errorMessage(new Error('addon not found\nPlease run …')); // 'addon not found'
 * ```
 */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0].trim();
}
