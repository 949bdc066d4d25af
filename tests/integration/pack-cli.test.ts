// The operator's pack commands as an operator runs them: `npx darasa …` in a
// separate process, on a data directory, with the hub stopped — and a clear
// refusal while a hub holds the directory.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readPackZip } from '../../content/pack/read-zip.ts';
import { buildPack } from '../support/packs.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { runDarasa } from '../support/darasa-cli.ts';
import { startHubProcess } from '../support/hub-process.ts';

afterAll(removeTempDirs);

const darasa = runDarasa;

async function writePackFolder(files: Map<string, Uint8Array>): Promise<string> {
  const dir = await makeTempDir();
  for (const [file, bytes] of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), bytes);
  }
  return dir;
}

describe('darasa import-pack and export-pack', () => {
  it('imports a pack folder, then exports the course as a zip that holds the same files', async () => {
    const dataDir = await makeTempDir();
    const source = await writePackFolder(buildPack());
    const imported = await darasa('import-pack', source, '--data-dir', dataDir);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/test-pack 1\.0\.0: installed/);
    expect(imported.stdout).toMatch(/test-course \(en\): 2 lessons, 2 activities/);

    const out = path.join(await makeTempDir(), 'course.zip');
    const exported = await darasa('export-pack', 'test-course', out, '--data-dir', dataDir);
    expect(exported.code).toBe(0);
    const files = await readPackZip(out);
    expect([...files.keys()].sort()).toEqual(['courses/test-course/course.md', 'courses/test-course/lessons/01-first.md', 'courses/test-course/lessons/02-second.md', 'media/screen.png', 'pack.json']);
  });

  it('lists every problem of a broken pack and exits 1, importing nothing', async () => {
    const dataDir = await makeTempDir();
    const files = buildPack();
    files.set('courses/test-course/lessons/02-second.md', new TextEncoder().encode('no front matter'));
    const result = await darasa('import-pack', await writePackFolder(files), '--data-dir', dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^darasa: The pack was not imported/);
    expect(result.stderr).toMatch(/02-second\.md.*checksum does not match/);
    const check = await darasa('check-data', '--data-dir', dataDir);
    expect(check.stdout).toMatch(/content: 0 documents/);
  });

  it('refuses a pack that escapes its folder with a symlink', async () => {
    const dir = await writePackFolder(buildPack());
    const { symlink } = await import('node:fs/promises');
    await symlink('/etc/passwd', path.join(dir, 'media', 'passwd.png'));
    const result = await darasa('import-pack', dir, '--data-dir', await makeTempDir());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^darasa: .*passwd\.png/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says the hub must be stopped when a running hub holds the data directory', async () => {
    const dataDir = await makeTempDir();
    const hub = await startHubProcess({ DATA_DIR: dataDir, SEED_CONTENT: '0' });
    try {
      const result = await darasa('import-pack', await writePackFolder(buildPack()), '--data-dir', dataDir);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(/^darasa: The data directory .* is in use by another running Darasa hub/);
    } finally {
      await hub.stop();
    }
  });
});
