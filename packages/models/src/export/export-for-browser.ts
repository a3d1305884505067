import { randomBytes } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { nodeDirFs } from '../io/dir-fs.js';
import { readModelDir, type ModelDirContents } from '../io/model-dir.js';
import type { Recommender } from '../recommender.js';
import { DEFAULT_SHARD_BYTES, encodeExport, EXPORT_FORMAT, MODEL_JSON } from './bundle.js';

/** Options of {@link exportForBrowser}. */
export interface ExportOptions {
  /** Largest shard in bytes. Default 4 MiB (tfjs converter's default). */
  shardBytes?: number;
  /** Recorded as `convertedBy` in `model.json`. Default `'recsys exportForBrowser'`. */
  convertedBy?: string;
}

/** What {@link exportForBrowser} wrote. */
export interface ExportResult {
  /** The export's directory. */
  dir: string;
  /** Registry name of the exported model. */
  model: string;
  /** The files written, `model.json` first, with their sizes in bytes. */
  files: { file: string; bytes: number }[];
  /** All the files' bytes together. */
  bytes: number;
  /** Whether an earlier export in `dir` was replaced. */
  replaced: boolean;
}

/**
 * Exports a model for the browser: a tfjs-style `model.json` (its `weightsManifest` in tfjs's weights format, recsys's
 * registry name, config and index-space sizes in `userDefinedMetadata.recsys`) and binary weight shards of at most 4
 * MiB holding the raw user and item ids, the training pairs (each user's seen items, and what models such as ItemPop
 * or DELF rebuild from them) and every array of the model. `loadExportedModel` loads it, in a browser or in Node, into
 * a model that scores exactly as this one.
 *
 * The files are written to a new directory beside `dir`, then renamed into place: a new `dir` appears complete or not
 * at all. An earlier export in `dir` is replaced (moved aside, the new one renamed in, the old one deleted); a
 * directory that holds anything else is refused.
 *
 * @param source - a fitted model, or the path of a model directory (`model.save(dir)`, `recsys train --out`).
 * @param dir - the directory to write the export to.
 * @throws before writing anything when the model is not fitted, its directory cannot be read, an array holds NaN or
 * ±Infinity, or `dir` exists and is not an empty directory or an export.
 * @example
 * ```ts
 * import { exportForBrowser } from '@recsys/models';
 * const { files, bytes } = await exportForBrowser(model, 'public/model'); // or exportForBrowser('out/gmf', …)
 * ```
 */
export async function exportForBrowser(
  source: Recommender | string,
  dir: string,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const contents = typeof source === 'string' ? await readModelDir(source) : await contentsOf(source);
  const { modelJson, shards } = encodeExport(contents, {
    shardBytes: options.shardBytes ?? DEFAULT_SHARD_BYTES,
    convertedBy: options.convertedBy,
  });
  const existing = await inspectTarget(dir);
  const files: { file: string; bytes: Uint8Array }[] = [
    { file: MODEL_JSON, bytes: new TextEncoder().encode(JSON.stringify(modelJson)) },
  ];
  for (const [file, bytes] of shards) files.push({ file, bytes });

  const target = resolve(dir);
  await mkdir(dirname(target), { recursive: true });
  // mkdir, not mkdtemp: the export gets a directory's usual permissions (mkdtemp's are 0700), for a web server to read.
  const temp = join(dirname(target), `.${basename(target)}.recsys-export-${randomBytes(6).toString('hex')}`);
  await mkdir(temp);
  try {
    // Each file fsynced, then the directory: the rename below publishes a complete export.
    for (const { file, bytes } of files) await nodeDirFs.writeFile(join(temp, file), bytes);
    await nodeDirFs.syncDir(temp);
    if (existing === 'export') {
      const old = join(dirname(target), `.${basename(target)}.recsys-old-${randomBytes(6).toString('hex')}`);
      await rename(target, old);
      await rename(temp, target).catch(async (error: unknown) => {
        await rename(old, target).catch(() => undefined); // the earlier export back in place
        throw error;
      });
      await rm(old, { recursive: true, force: true });
    } else {
      if (existing === 'empty') await rm(target, { recursive: true });
      await rename(temp, target);
    }
    await nodeDirFs.syncDir(dirname(target));
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  return {
    dir,
    model: contents.model,
    files: files.map(({ file, bytes }) => ({ file, bytes: bytes.byteLength })),
    bytes: files.reduce((sum, { bytes }) => sum + bytes.byteLength, 0),
    replaced: existing === 'export',
  };
}

/** A fitted model's contents, as its model directory holds them: saved to a temporary directory and read back. */
async function contentsOf(model: Recommender): Promise<ModelDirContents> {
  if (!model || typeof model.save !== 'function') {
    throw new TypeError('exportForBrowser: source must be a fitted model or the path of a model directory');
  }
  if (!model.fitted) throw new Error(`exportForBrowser: the ${model.name} model is not fitted`);
  const temp = await mkdtemp(join(tmpdir(), 'recsys-export-'));
  try {
    await model.save(join(temp, 'model'));
    return await readModelDir(join(temp, 'model'));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** What is at `dir`: nothing, an empty directory, or an earlier export; anything else is refused. */
async function inspectTarget(dir: string): Promise<'missing' | 'empty' | 'export'> {
  const refuse = (why: string): never => {
    throw new Error(`cannot export the model to ${dir}: ${why}`);
  };
  const stats = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stats) return 'missing';
  if (!stats.isDirectory()) return refuse('it exists and is not a directory');
  const names = await readdir(dir);
  if (names.length === 0) return 'empty';
  let format: unknown;
  try {
    format = (JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as { format?: unknown }).format;
  } catch {
    format = undefined;
  }
  const ours = (name: string) => name === MODEL_JSON || /^group\d+-shard\d+of\d+\.bin$/.test(name);
  if (format !== EXPORT_FORMAT || !names.every(ours)) {
    const foreign = names.filter((name) => !ours(name));
    const shown = foreign.length > 0 ? ` (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})` : '';
    return refuse(
      `the directory is not empty${shown} and holds no recsys export; choose a new or empty directory (an earlier ` +
        'export there is replaced)',
    );
  }
  return 'export';
}
