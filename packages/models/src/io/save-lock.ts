import { randomBytes } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { chmod, link, lstat, open, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, TAKEOVER_FILE, tempFileName } from './file-names.js';
import { cannotWriteError, errnoCode } from './save-target.js';

/**
 * A lock file whose owner cannot be read (empty, cut short, not recsys's) is taken for one being written right now
 * until it is this old; after that, for the lock of a save killed while it wrote it.
 */
export const UNREADABLE_LOCK_STALE_MS = 60_000;

/** How many times a save looks at a lock that keeps changing under it before it gives up. */
const ATTEMPTS = 50;

/** What a lock file holds: who saves, on which host, since when; `token` tells this lock from a later one. */
export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  token: string;
}

/** A save's hold on its directory. */
export interface SaveLock {
  /** The lock file. */
  path: string;
  /** The lock file's modification time (ns) by the file system's clock: when this save started, for cleanup. */
  startedNs: bigint;
  /** Removes the lock file if it is still this save's. */
  release(): Promise<void>;
}

/** What was found at the lock's path. */
type Found =
  | { kind: 'gone' }
  | { kind: 'owned'; owner: LockOwner; stats: BigIntStats; text: string }
  | { kind: 'unreadable'; stats: BigIntStats; text: string | undefined };

/**
 * Takes the save lock of `dir` (an existing directory): creates {@link LOCK_FILE} there, exclusively, holding this
 * process's pid, host name and start time. A lock left by a save that was killed is taken over: its pid no longer runs
 * on this host, or it holds no readable owner and is older than {@link UNREADABLE_LOCK_STALE_MS}.
 *
 * @throws when another save holds the lock (naming its pid and the lock file, for when no save is in fact running), or
 * when no file can be created in `dir`.
 */
export async function acquireSaveLock(dir: string): Promise<SaveLock> {
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  let found: Found = { kind: 'gone' };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const startedNs = await create(dir, path, JSON.stringify(owner) + '\n');
    if (startedNs !== undefined) return { path, startedNs, release: () => release(path, owner.token) };
    found = await look(path);
    if (found.kind === 'gone') continue; // released between the two calls: try again
    if (!isStale(found)) throw busyError(dir, path, found);
    await removeStale(dir, path, found);
  }
  // Only a lock that kept changing, or a stale one another save kept taking over, gets here (within about a second).
  throw busyError(dir, path, found);
}

/**
 * Creates the lock file with `text`; its mtime, or `undefined` when a lock file is already there. The text is written
 * to a temporary file first and hard-linked to the lock's name, so the lock appears with its owner in it: a save killed
 * between creating an empty lock and writing its pid left a lock no one could take over for a minute (the kill test
 * hit it in CI). Where the file system has no hard links, the lock is created empty and then written.
 */
async function create(dir: string, path: string, text: string): Promise<bigint | undefined> {
  const temp = join(dir, tempFileName()); // a leftover name a later save cleans up, should this save die here
  try {
    await writeFile(temp, text, { flag: 'wx', mode: 0o644 });
    await chmod(temp, 0o644).catch(() => undefined); // readable by every user whatever the umask
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw cannotWriteError(dir, dir, error);
  }
  try {
    await link(temp, path);
    return (await lstat(path, { bigint: true })).mtimeNs;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return undefined;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createInPlace(dir, path, text);
    throw cannotWriteError(dir, dir, error);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** {@link create} on a file system without hard links: exclusive create, then write. */
async function createInPlace(dir: string, path: string, text: string): Promise<bigint | undefined> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return undefined;
    throw cannotWriteError(dir, dir, error);
  }
  try {
    // Readable by every user whatever the umask: a lock another user's save cannot read is taken for garbage.
    await handle.chmod(0o644).catch(() => undefined);
    await handle.writeFile(text);
    return (await handle.stat({ bigint: true })).mtimeNs;
  } catch (error) {
    await handle.close();
    handle = undefined;
    await unlink(path).catch(() => undefined); // a lock cut short (disk full) is not left for a minute
    throw cannotWriteError(dir, dir, error);
  } finally {
    await handle?.close();
  }
}

async function look(path: string): Promise<Found> {
  let stats: BigIntStats;
  try {
    stats = await lstat(path, { bigint: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { kind: 'gone' };
    throw error;
  }
  let text: string | undefined;
  try {
    text = stats.isFile() ? await readFile(path, 'utf8') : undefined;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { kind: 'gone' };
    // Otherwise unreadable (EACCES, say): refused while it is new, taken over once a minute old, like garbage.
  }
  const owner = text === undefined ? undefined : parseOwner(text);
  return owner ? { kind: 'owned', owner, stats, text: text! } : { kind: 'unreadable', stats, text };
}

function parseOwner(text: string): LockOwner | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { pid, host, startedAt, token } = (value ?? {}) as Record<string, unknown>;
  // A pid of 0 or less would make process.kill(pid, 0) ask about a whole process group.
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0) return undefined;
  if (typeof host !== 'string' || typeof startedAt !== 'string' || typeof token !== 'string') return undefined;
  return { pid: pid as number, host, startedAt, token };
}

/** Whether the lock is a killed save's: its process is gone from this host, or it is unreadable and old. */
function isStale(found: Exclude<Found, { kind: 'gone' }>): boolean {
  if (found.kind === 'unreadable') {
    return found.stats.isFile() && Date.now() - Number(found.stats.mtimeMs) > UNREADABLE_LOCK_STALE_MS;
  }
  const { pid, host } = found.owner;
  if (host !== hostname()) return false; // another machine's pid says nothing here: its save may be running
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return errnoCode(error) === 'ESRCH'; // EPERM: it runs, as another user
  }
}

/**
 * Removes the stale lock `found`, unless another save got there first. Removing and taking the lock are two steps,
 * so they happen under {@link TAKEOVER_FILE}: without it, one save could remove the lock a second save had just taken
 * over (seeing the stale lock a moment before), and both would write.
 */
async function removeStale(dir: string, path: string, found: Exclude<Found, { kind: 'gone' }>): Promise<void> {
  const takeover = join(dir, TAKEOVER_FILE);
  try {
    await (await open(takeover, 'wx')).close();
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw cannotWriteError(dir, dir, error);
    // Another save is taking the lock over right now; or was killed doing it, and that took a moment a minute ago.
    const stats = await lstat(takeover).catch(() => undefined);
    if (stats && Date.now() - stats.mtimeMs > UNREADABLE_LOCK_STALE_MS) await unlink(takeover).catch(() => undefined);
    else await new Promise((resolve) => setTimeout(resolve, 20));
    return;
  }
  try {
    const now = await look(path);
    if (now.kind !== 'gone' && sameLock(now, found)) await unlink(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  } finally {
    await unlink(takeover).catch(() => undefined);
  }
}

/** Whether the lock file is still the one looked at: same file, same time, same content. */
function sameLock(a: Exclude<Found, { kind: 'gone' }>, b: Exclude<Found, { kind: 'gone' }>): boolean {
  return (
    a.stats.dev === b.stats.dev &&
    a.stats.ino === b.stats.ino &&
    a.stats.mtimeNs === b.stats.mtimeNs &&
    a.text === b.text
  );
}

async function release(path: string, token: string): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined || parseOwner(text)?.token !== token) return; // not ours any more: leave it
  try {
    await unlink(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
}

function busyError(dir: string, path: string, found: Found): Error {
  const advice = `wait for it, or remove ${path} if no save is running`;
  if (found.kind !== 'gone' && isStale(found)) {
    const takeover = join(dir, TAKEOVER_FILE);
    return new Error(
      `another recsys save is taking over the stale lock of ${dir}; wait for it, or remove ${path} and ${takeover} ` +
        'if no save is running',
    );
  }
  if (found.kind !== 'owned') return new Error(`another recsys save is starting to write ${dir}; ${advice}`);
  const { pid, host } = found.owner;
  const who = host === hostname() ? `pid ${pid}` : `pid ${pid} on ${host}`;
  return new Error(`another recsys save (${who}) is writing ${dir}; ${advice}`);
}
