// Test-only (not exported from the package): small Parquet files for the table loaders' specs, written with
// hyparquet-writer or DuckDB (devDependencies) under a fresh temporary folder removed after the spec file's tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parquetWriteFile, type ColumnSource } from 'hyparquet-writer';
import { afterAll } from 'vitest';

/** A column to write: its name, cells and Parquet type (hyparquet-writer's, e.g. `'INT32'`, `'STRING'`). */
export type TestColumn = Pick<ColumnSource, 'name' | 'data' | 'type' | 'nullable'>;

/** A temporary folder for the spec file's tables, and writers into it. */
export interface TestTables {
  /** The folder (removed after the spec file's tests). */
  dir: string;
  /**
   * Writes a Parquet file of `columns` (row groups of `rowGroupSize` rows; snappy, or `'GZIP'` through node:zlib) and
   * returns its path.
   */
  parquet(name: string, columns: TestColumn[], rowGroupSize?: number, codec?: 'SNAPPY' | 'GZIP'): string;
  /** Writes the rows of a DuckDB query as a Parquet file, as DuckDB writes them (nested types too). */
  duckdbParquet(name: string, query: string): Promise<string>;
  /** Writes a text file and returns its path. */
  text(name: string, text: string): string;
}

/** Makes a {@link TestTables} under a new temporary folder named after `prefix`. */
export function testTables(prefix: string): TestTables {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `recsys-${prefix}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    parquet(name, columns, rowGroupSize = 100_000, codec = 'SNAPPY') {
      const file = path.join(dir, name);
      const compressors = { GZIP: (input: Uint8Array) => new Uint8Array(zlib.gzipSync(input)) };
      parquetWriteFile({ filename: file, columnData: columns, rowGroupSize, codec, compressors });
      return file;
    },
    async duckdbParquet(name, query) {
      const file = path.join(dir, name);
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        await connection.run(`copy (${query}) to '${file.replaceAll("'", "''")}' (format parquet)`);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
      return file;
    },
    text(name, text) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
  };
}
