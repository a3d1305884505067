import { describe, expect, it } from 'vitest';
import { errorMessage, isModuleNotFound } from './load-outcome.js';

const notFound = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('isModuleNotFound', () => {
  it('recognises the error of importing a package that is not installed', async () => {
    const name = '@recsys/no-such-package-for-tests';
    const error = await import(/* @vite-ignore */ name).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(isModuleNotFound(error, name)).toBe(true);
  });

  it('accepts the ESM and CJS codes when the message names the specifier', () => {
    expect(isModuleNotFound(notFound('ERR_MODULE_NOT_FOUND', "Cannot find package 'a' imported from /x.js"), 'a')).toBe(
      true,
    );
    expect(isModuleNotFound(notFound('MODULE_NOT_FOUND', "Cannot find module 'a'\nRequire stack:"), 'a')).toBe(true);
  });

  it('rejects a missing dependency of the package, other errors and non-errors', () => {
    expect(isModuleNotFound(notFound('MODULE_NOT_FOUND', "Cannot find module 'dep-of-a'"), 'a')).toBe(false);
    expect(isModuleNotFound(new Error("Cannot find module 'a'"), 'a')).toBe(false);
    expect(isModuleNotFound("Cannot find module 'a'", 'a')).toBe(false);
    expect(isModuleNotFound(null, 'a')).toBe(false);
  });
});

describe('errorMessage', () => {
  it('keeps the first line of an Error or a thrown value', () => {
    expect(errorMessage(new Error('addon not found \nPlease run …'))).toBe('addon not found');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
  });
});
