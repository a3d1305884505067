import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECSYS_VERSION } from '../src/index.js';

describe('RECSYS_VERSION', () => {
  it('is the package version (model directories record it)', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(RECSYS_VERSION).toBe(pkg.version);
  });
});
