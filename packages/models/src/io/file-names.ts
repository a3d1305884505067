import { randomBytes } from 'node:crypto';

// Data files are content-addressed (`<stem>.<first 16 hex of sha256>.<ext>`) so a save never rewrites a file the
// current manifest reads under another content; temp files are hidden and random. Cleaning up after a save deletes
// only names of these two shapes (and the replaced model's own files): never anything else a user keeps there.
const DATA_FILE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\.[0-9a-f]{16}\.(?:bin|json)$/;
const TEMP_FILE = /^\.recsys-[0-9a-f]{16}\.tmp$/;

/**
 * The content-addressed name of a data file: `stem` made safe for any file system (other characters become `_`, at
 * most 100 of them, no leading dot), the first 16 hex digits of the content's sha256, and the extension.
 */
export function contentFileName(stem: string, sha256: string, ext: 'bin' | 'json'): string {
  const safe =
    stem
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .replace(/^\.+/, '')
      .slice(0, 100) || 'data';
  return `${safe}.${sha256.slice(0, 16)}.${ext}`;
}

/** A fresh name for a file being written, renamed to its real name once complete. */
export function tempFileName(): string {
  return `.recsys-${randomBytes(8).toString('hex')}.tmp`;
}

/** Whether `name` is one a save writes (a content-addressed data file or a temp file), hence one it may delete. */
export function isSaveFileName(name: string): boolean {
  return DATA_FILE.test(name) || TEMP_FILE.test(name);
}

// The save lock's names are of neither shape above, so no cleanup ever deletes a lock another save holds.
/** The lock a save holds in its directory while it writes (one save at a time per directory). */
export const LOCK_FILE = '.recsys-save.lock';
/** Held for a moment by the save that removes a stale {@link LOCK_FILE}, so two saves never both take one over. */
export const TAKEOVER_FILE = '.recsys-save.lock.takeover';

/** Whether `name` is the save lock or its takeover file: never a model's file, never a user's. */
export function isLockFileName(name: string): boolean {
  return name === LOCK_FILE || name === TAKEOVER_FILE;
}
