import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = ['data', 'eval', 'layers', 'train', 'models', 'experiment', 'cli', 'recsys'];

// Tests run against the TypeScript sources (no build step): each `@recsys/<name>` import resolves to its `src/index.ts`.
const alias = Object.fromEntries(
  packages.map((name) => [
    `@recsys/${name}`,
    fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url)),
  ]),
);

export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: ['./test-utils/temporary-root.ts'],
    projects: packages.map((name) => ({
      resolve: { alias },
      test: {
        name,
        root: `./packages/${name}`,
        include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
        testTimeout: 60_000,
      },
    })),
  },
});
