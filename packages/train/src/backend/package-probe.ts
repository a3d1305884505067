import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A `require` to resolve packages with, without `import.meta` (this code is also built to CJS, where `import.meta` is
 * empty): anchored at this module where CommonJS' `__filename` exists (the CJS build, and vitest), else at the working
 * directory (the ESM build), which finds the packages of the application being run.
 */
function resolver(): NodeJS.Require {
  const anchor = typeof __filename === 'string' ? __filename : join(process.cwd(), 'recsys-resolve-anchor.js');
  return createRequire(anchor);
}

/**
 * The folder of an installed package, or `undefined` when it cannot be resolved. Reads nothing from the package
 * beyond resolving its `package.json`, so probing has no side effects (unlike importing it).
 *
 * @example
 * ```ts
 * findPackageDir('@tensorflow/tfjs-node'); // '/app/node_modules/@tensorflow/tfjs-node', or undefined
 * ```
 */
export function findPackageDir(name: string): string | undefined {
  try {
    return dirname(resolver().resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * True when a node-pre-gyp package (tfjs-node, tfjs-node-gpu) has a built native addon: some
 * `lib/napi-v<N>/<fileName>` exists. npm runs the install script that downloads libtensorflow and builds the addon;
 * pnpm 10 skips dependencies' install scripts unless allowed, leaving the package installed but unusable.
 *
 * @example
 * ```ts
 * const dir = findPackageDir('@tensorflow/tfjs-node');
 * if (dir !== undefined && !hasBuiltAddon(dir)) console.log('tfjs-node: native addon not built');
 * ```
 */
export function hasBuiltAddon(packageDir: string, fileName = 'tfjs_binding.node'): boolean {
  const lib = join(packageDir, 'lib');
  if (!existsSync(lib)) return false;
  return readdirSync(lib).some((folder) => folder.startsWith('napi-v') && existsSync(join(lib, folder, fileName)));
}
