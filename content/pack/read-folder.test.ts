// Packs read from real folders in a temporary directory: links, junk, odd names and limits.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PackFileError, type PackFileErrorCode } from './files.ts';
import { readPackFolder } from './read-folder.ts';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(nodePath.join(os.tmpdir(), 'darasa-read-folder-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

/** Writes files (path → content) under the temporary folder, creating folders as needed. */
async function layout(files: Record<string, string | Uint8Array>, base = dir): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(nodePath.dirname(nodePath.join(base, path)), { recursive: true });
    await writeFile(nodePath.join(base, path), content);
  }
}

async function refusal(promise: Promise<unknown>, code: PackFileErrorCode): Promise<PackFileError> {
  const error = await promise.then(
    () => expect.unreachable('the folder should have been refused'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PackFileError);
  expect((error as PackFileError).code).toBe(code);
  return error as PackFileError;
}

const PACK = { 'pack.json': '{"format":1}', 'courses/c/course.md': '# Course' };

describe('readPackFolder reads', () => {
  it('every file with pack-relative POSIX paths and exact bytes', async () => {
    const media = Uint8Array.from({ length: 256 }, (_, i) => i);
    await layout({ ...PACK, 'courses/c/lessons/le\u00e7on-1.md': 'Bonjour', 'media/all-bytes.bin': media });
    const files = await readPackFolder(dir);
    expect([...files.keys()].sort()).toEqual(['courses/c/course.md', 'courses/c/lessons/le\u00e7on-1.md', 'media/all-bytes.bin', 'pack.json']);
    expect(files.get('media/all-bytes.bin')).toEqual(media);
    expect(new TextDecoder().decode(files.get('courses/c/lessons/le\u00e7on-1.md'))).toBe('Bonjour');
  });

  it('skips OS junk and hidden files and folders', async () => {
    await layout({
      ...PACK,
      '.DS_Store': 'x',
      '__MACOSX/._pack.json': 'x',
      '.git/config': 'x',
      'media/Thumbs.db': 'x',
      'media/desktop.ini': 'x',
      'courses/c/.course.md.swp': 'x',
    });
    expect([...(await readPackFolder(dir)).keys()].sort()).toEqual(['courses/c/course.md', 'pack.json']);
  });

  it('strips the one top folder that holds the pack', async () => {
    await layout(PACK, nodePath.join(dir, 'my-pack'));
    expect([...(await readPackFolder(dir)).keys()].sort()).toEqual(['courses/c/course.md', 'pack.json']);
  });

  it('follows a link given as the pack folder itself, which the operator chose', async () => {
    await layout(PACK, nodePath.join(dir, 'real'));
    await symlink(nodePath.join(dir, 'real'), nodePath.join(dir, 'alias'));
    expect((await readPackFolder(nodePath.join(dir, 'alias'))).size).toBe(2);
  });
});

describe('readPackFolder refuses', () => {
  it('a symbolic link to a file, even one inside the pack', async () => {
    await layout(PACK);
    await symlink(nodePath.join(dir, 'pack.json'), nodePath.join(dir, 'courses', 'c', 'copy.md'));
    const error = await refusal(readPackFolder(dir), 'ZIP_SYMLINK');
    expect(error.path).toBe('courses/c/copy.md');
    expect(error.message).toContain('"courses/c/copy.md", which is a symbolic link');
  });

  it('a symbolic link to a folder outside the pack', async () => {
    await layout(PACK);
    await symlink('/etc', nodePath.join(dir, 'media'));
    const error = await refusal(readPackFolder(dir), 'ZIP_SYMLINK');
    expect(error.message).toContain('"media"');
  });

  it('a dangling symbolic link hidden among junk', async () => {
    await layout(PACK);
    await symlink('/no/such/target', nodePath.join(dir, '.hidden-link'));
    await refusal(readPackFolder(dir), 'ZIP_SYMLINK');
  });

  it('names with a backslash or control characters', async () => {
    await layout({ ...PACK, 'media/a\\b.png': 'x' });
    const backslash = await refusal(readPackFolder(dir), 'ZIP_UNSAFE_PATH');
    expect(backslash.message).toContain(JSON.stringify('media/a\\b.png'));
    await rm(nodePath.join(dir, 'media'), { recursive: true });
    await layout({ 'media/bell\u0007.png': 'x' });
    const control = await refusal(readPackFolder(dir), 'ZIP_UNSAFE_PATH');
    expect(control.message).toContain('control characters');
  });

  it('two names that differ only in Unicode normalisation (NFC and NFD)', async () => {
    await layout({ ...PACK, 'le\u00e7on.md': 'a', 'lec\u0327on.md': 'b' });
    const error = await refusal(readPackFolder(dir), 'ZIP_UNSAFE_PATH');
    expect(error.message).toContain('more than once');
  });

  it('a named pipe, without blocking on it', async () => {
    await layout(PACK);
    execFileSync('mkfifo', [nodePath.join(dir, 'media-pipe')]);
    const error = await refusal(readPackFolder(dir), 'FOLDER_UNREADABLE');
    expect(error.message).toContain('"media-pipe", which is not an ordinary file');
  });

  it('a missing folder, or a file given as the folder, naming it', async () => {
    const missing = nodePath.join(dir, 'no-such-pack');
    const error = await refusal(readPackFolder(missing), 'FOLDER_UNREADABLE');
    expect(error.message).toContain(JSON.stringify(missing));
    await layout({ 'pack.zip': 'x' });
    const notFolder = await refusal(readPackFolder(nodePath.join(dir, 'pack.zip')), 'FOLDER_UNREADABLE');
    expect(notFolder.message).toContain('is not a folder');
  });

  // Root reads every folder whatever its permissions, so this case can only be seen as another user.
  it.skipIf(process.getuid?.() === 0)('a subfolder the hub may not read, naming it', async () => {
    await layout({ ...PACK, 'media/a.png': 'x' });
    await chmod(nodePath.join(dir, 'media'), 0o000);
    try {
      const error = await refusal(readPackFolder(dir), 'FOLDER_UNREADABLE');
      expect(error.message).toContain('"media"');
    } finally {
      await chmod(nodePath.join(dir, 'media'), 0o755);
    }
  });

  it('a file over maxFileBytes, a pack over maxTotalBytes and more than maxFiles files', async () => {
    await layout({ 'a.md': 'x'.repeat(60), 'b.md': 'x'.repeat(60), 'c.md': 'x'.repeat(60) });
    const big = await refusal(readPackFolder(dir, { maxFileBytes: 50 }), 'FILE_TOO_LARGE');
    expect(big.message).toContain('"a.md" is 60 bytes');
    const total = await refusal(readPackFolder(dir, { maxTotalBytes: 100 }), 'ZIP_TOO_LARGE');
    expect(total.message).toContain('"b.md"');
    const many = await refusal(readPackFolder(dir, { maxFiles: 2 }), 'TOO_MANY_FILES');
    expect(many.message).toContain('"c.md"');
    expect((await readPackFolder(dir)).size).toBe(3);
  });

  it('pack.json in several top folders', async () => {
    await layout({ 'a/pack.json': '{}', 'b/pack.json': '{}' });
    const error = await refusal(readPackFolder(dir), 'PACK_ROOT_AMBIGUOUS');
    expect(error.message).toContain('"a/", "b/"');
  });
});
