import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, TAKEOVER_FILE } from './file-names.js';
import { acquireSaveLock, UNREADABLE_LOCK_STALE_MS, type LockOwner } from './save-lock.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'recsys-lock-'));

/** The pid of a process that has exited (and been reaped): what a killed save's lock holds. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  return pid!;
}

const running: ChildProcess[] = [];
/** A process that runs until the test ends: what a save in progress elsewhere looks like. */
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  running.push(child);
  return child.pid!;
}
afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

function writeLock(dir: string, owner: Partial<LockOwner>): string {
  const path = join(dir, LOCK_FILE);
  const full = { pid: 1, host: hostname(), startedAt: new Date().toISOString(), token: 'theirs', ...owner };
  writeFileSync(path, JSON.stringify(full));
  return path;
}

const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockOwner;

const busy = (dir: string, who: string) =>
  `another recsys save (${who}) is writing ${dir}; wait for it, or remove ${join(dir, LOCK_FILE)} if no save is running`;

describe('the save lock', () => {
  it('holds the pid, host and start time of its save, and is gone once released', async () => {
    const dir = fresh();
    const before = Date.now();
    const lock = await acquireSaveLock(dir);
    expect(lock.path).toBe(join(dir, LOCK_FILE));
    const owner = lockOf(dir);
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });
    expect(Date.parse(owner.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Number(lock.startedNs / 1_000_000n)).toBeGreaterThanOrEqual(before - 1000);
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
    await (await acquireSaveLock(dir)).release(); // and can be taken again
  });

  it('refuses a second save while a save runs, naming its pid and the lock file', async () => {
    const dir = fresh();
    const lock = await acquireSaveLock(dir);
    await expect(acquireSaveLock(dir)).rejects.toThrow(busy(dir, `pid ${process.pid}`));
    await lock.release();
    const pid = livePid();
    writeLock(dir, { pid });
    await expect(acquireSaveLock(dir)).rejects.toThrow(busy(dir, `pid ${pid}`));
    expect(lockOf(dir).token).toBe('theirs'); // untouched
  });

  it('takes over the lock of a save that was killed (its pid no longer runs)', async () => {
    const dir = fresh();
    writeLock(dir, { pid: deadPid() });
    const lock = await acquireSaveLock(dir);
    expect(lockOf(dir)).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes a lock over once its save is gone, and not before', async () => {
    const dir = fresh();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    writeLock(dir, { pid: child.pid! });
    await expect(acquireSaveLock(dir)).rejects.toThrow(busy(dir, `pid ${child.pid}`));
    await new Promise((resolve) => child.on('exit', resolve).kill('SIGKILL'));
    await (await acquireSaveLock(dir)).release();
  });

  it('refuses the lock of a save on another host, whose pid says nothing here', async () => {
    const dir = fresh();
    const pid = deadPid();
    writeLock(dir, { pid, host: 'elsewhere.example' });
    await expect(acquireSaveLock(dir)).rejects.toThrow(busy(dir, `pid ${pid} on elsewhere.example`));
  });

  it.each([
    ['empty', ''],
    ['cut short', '{"pid": 12'],
    ['not a recsys lock', '{"pid": 0, "host": "h", "startedAt": "", "token": ""}'],
  ])(
    'refuses a lock that is %s while it may still be being written, and takes it over a minute on',
    async (_, text) => {
      const dir = fresh();
      const path = join(dir, LOCK_FILE);
      writeFileSync(path, text);
      await expect(acquireSaveLock(dir)).rejects.toThrow(
        `another recsys save is starting to write ${dir}; wait for it, or remove ${path} if no save is running`,
      );
      const old = (Date.now() - UNREADABLE_LOCK_STALE_MS - 5000) / 1000;
      utimesSync(path, old, old);
      await (await acquireSaveLock(dir)).release();
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it('lets one save only take over a stale lock that several find at once', async () => {
    for (let round = 0; round < 10; round++) {
      const dir = fresh();
      writeLock(dir, { pid: deadPid() });
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => acquireSaveLock(dir)));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won.length, `round ${round}`).toBe(1);
      for (const r of results) {
        if (r.status === 'rejected') expect((r.reason as Error).message).toBe(busy(dir, `pid ${process.pid}`));
      }
      expect(readdirSync(dir)).toEqual([LOCK_FILE]); // the takeover file is gone
      await won[0]!.value.release();
    }
  });

  it('waits out a takeover in progress, and clears one a killed save left a minute ago', async () => {
    const dir = fresh();
    writeLock(dir, { pid: deadPid() });
    const takeover = join(dir, TAKEOVER_FILE);
    writeFileSync(takeover, '');
    await expect(acquireSaveLock(dir)).rejects.toThrow(
      `another recsys save is taking over the stale lock of ${dir}; wait for it, or remove ${join(dir, LOCK_FILE)} ` +
        `and ${takeover} if no save is running`,
    );
    const old = (Date.now() - UNREADABLE_LOCK_STALE_MS - 5000) / 1000;
    utimesSync(takeover, old, old);
    await (await acquireSaveLock(dir)).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is not removed by its save once another save holds it', async () => {
    const dir = fresh();
    const lock = await acquireSaveLock(dir);
    writeLock(dir, { pid: process.pid, token: 'theirs' }); // taken over meanwhile (wrongly: this save still runs)
    await lock.release();
    expect(lockOf(dir).token).toBe('theirs');
  });

  it('cannot be taken where no file can be created', async (context) => {
    const dir = fresh();
    chmodSync(dir, 0o555);
    try {
      writeFileSync(join(dir, 'probe'), '');
      console.log('unwritable-directory test skipped: this user can write to a 0555 directory (root)');
      return context.skip();
    } catch {
      // the directory is unwritable, as wanted
    }
    await expect(acquireSaveLock(dir)).rejects.toThrow(
      `cannot save the model to ${dir}: cannot create files in it (permission denied)`,
    );
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
