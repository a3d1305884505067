import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPackageDir, hasBuiltAddon } from './package-probe.js';

describe('findPackageDir', () => {
  it('finds an installed package folder', () => {
    const dir = findPackageDir('@tensorflow/tfjs-core');
    expect(dir).toBeDefined();
    const manifest: unknown = JSON.parse(readFileSync(join(dir ?? '', 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@tensorflow/tfjs-core' });
  });

  it('returns undefined for a package that is not installed', () => {
    expect(findPackageDir('@recsys/no-such-package-for-tests')).toBeUndefined();
  });
});

describe('hasBuiltAddon', () => {
  const made: string[] = [];
  const fakePackage = (...files: string[]): string => {
    const dir = mkdtempSync(join(tmpdir(), 'recsys-probe-'));
    made.push(dir);
    for (const file of files) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), '');
    }
    return dir;
  };
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is true when lib/napi-v<N>/tfjs_binding.node exists', () => {
    expect(hasBuiltAddon(fakePackage('package.json', 'lib/napi-v8/tfjs_binding.node'))).toBe(true);
  });

  it('is false for a package whose install script never ran (no lib folder) or left no addon', () => {
    expect(hasBuiltAddon(fakePackage('package.json'))).toBe(false);
    expect(hasBuiltAddon(fakePackage('lib/napi-v8/tensorflow.dll', 'lib/other/tfjs_binding.node'))).toBe(false);
  });
});
