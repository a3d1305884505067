import { describe, expect, it } from 'vitest';
import {
  contentFileName,
  isLockFileName,
  isSaveFileName,
  LOCK_FILE,
  TAKEOVER_FILE,
  tempFileName,
} from './file-names.js';

const sha = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('model file names', () => {
  it('name data files by stem and content', () => {
    expect(contentFileName('table.gmf_user', sha, 'bin')).toBe('table.gmf_user.a1b2c3d4e5f60718.bin');
    expect(contentFileName('user-ids', sha, 'json')).toBe('user-ids.a1b2c3d4e5f60718.json');
  });

  it('make any stem a safe, bounded, visible name', () => {
    expect(contentFileName('../../etc/passwd', sha, 'bin')).toBe('_.._etc_passwd.a1b2c3d4e5f60718.bin');
    expect(contentFileName('..', sha, 'bin')).toBe('data.a1b2c3d4e5f60718.bin');
    expect(contentFileName('', sha, 'bin')).toBe('data.a1b2c3d4e5f60718.bin');
    expect(contentFileName('tâble w/ space', sha, 'bin')).toBe('t_ble_w__space.a1b2c3d4e5f60718.bin');
    expect(contentFileName('x'.repeat(300), sha, 'bin').length).toBe(100 + '.a1b2c3d4e5f60718.bin'.length);
    for (const stem of ['../x', '..', '', 'x'.repeat(300), 'dense.mlp_tower.0']) {
      expect(isSaveFileName(contentFileName(stem, sha, 'bin'))).toBe(true);
    }
  });

  it('give temp files fresh hidden names a save recognises', () => {
    const a = tempFileName();
    expect(a).toMatch(/^\.recsys-[0-9a-f]{16}\.tmp$/);
    expect(isSaveFileName(a)).toBe(true);
    expect(tempFileName()).not.toBe(a);
  });

  it('recognise nothing else: never the manifest, v1 files or a user’s own', () => {
    for (const name of [
      'recsys-model.json',
      'user-ids.json',
      'train-users.bin',
      'notes.txt',
      'table.gmf_user.a1b2c3d4e5f6071.bin', // 15 hex digits
      'table.gmf_user.A1B2C3D4E5F60718.bin',
      'table.a1b2c3d4e5f60718.bin.bak',
      '.recsys-xyz.tmp',
      '.hidden.a1b2c3d4e5f60718.bin',
    ]) {
      expect(isSaveFileName(name), name).toBe(false);
    }
  });

  it('keep the save lock out of both shapes, so no cleanup deletes it', () => {
    for (const name of [LOCK_FILE, TAKEOVER_FILE]) {
      expect(isLockFileName(name), name).toBe(true);
      expect(isSaveFileName(name), name).toBe(false);
    }
    expect(isLockFileName(tempFileName())).toBe(false);
    expect(isLockFileName('.recsys-save.lock.bak')).toBe(false);
  });
});
