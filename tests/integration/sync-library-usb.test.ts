// Central's shared library carried to a hub on a USB stick (issue 7, "the reverse
// for library updates to hubs"): `darasa central export-library FILE` at
// central, `darasa sync import FILE` on a stopped hub. Idempotent; a damaged
// file is refused with one line and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral } from '../../sync/central/provision.ts';
import { publishToLibrary } from '../../sync/library/publish.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';
import { openStore } from '../../server/store/store.ts';
import { ContentRepository } from '../../server/content/repository.ts';
import { buildPack } from '../support/packs.ts';
import { runDarasa } from '../support/darasa-cli.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
let central: EmbeddedCentral;
let dir: string;

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...ADMIN, port: 0 });
  await ensureCentral({ url: central.url, ...ADMIN });
  const summary = (packId: string, courseId: string) => ({ packId, version: '1.0.0', title: packId, licence: 'CC-BY-SA-4.0', courseIds: [courseId], languages: ['en'] });
  await publishToLibrary({ url: central.url, ...ADMIN }, await writePackZip(buildPack({ packId: 'usb-one', courseId: 'usb-course-one' })), summary('usb-one', 'usb-course-one'), { publishedBy: 'test', chunkSize: 2048 });
  await publishToLibrary({ url: central.url, ...ADMIN }, await writePackZip(buildPack({ packId: 'usb-two', courseId: 'usb-course-two' })), summary('usb-two', 'usb-course-two'), { publishedBy: 'test' });
  dir = await makeTempDir();
});

afterAll(async () => {
  await central?.close();
  await removeTempDirs();
});

async function installedPacks(dataDir: string): Promise<string[]> {
  const store = await openStore(dataDir);
  try {
    const repository = new ContentRepository(store.databases.content);
    return (await Promise.all(['usb-one', 'usb-two'].map((id) => repository.getPack(id)))).filter(Boolean).map((p) => `${p!.packId} ${p!.version}`);
  } finally {
    await store.close();
  }
}

describe('the shared library by USB', () => {
  it('exports at central and installs on a stopped hub, once', { timeout: 90_000 }, async () => {
    const file = path.join(dir, 'library.zip');
    const exported = await runDarasa('central', 'export-library', file, '--central', central.url, '--admin-user', ADMIN.adminUser, '--admin-password', ADMIN.adminPassword);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toMatch(/Wrote 2 packs of the shared library/);

    const dataDir = await makeTempDir();
    await (await openStore(dataDir)).close(); // a hub that has been started once
    const first = await runDarasa('sync', 'import', file, '--data-dir', dataDir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/installed usb-one 1\.0\.0/);
    expect(first.stdout).toMatch(/installed usb-two 1\.0\.0/);
    expect(await installedPacks(dataDir)).toEqual(['usb-one 1.0.0', 'usb-two 1.0.0']);

    const again = await runDarasa('sync', 'import', file, '--data-dir', dataDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already up to date: usb-one 1\.0\.0/);
    expect(again.stdout).not.toMatch(/installed/);
  });

  it('refuses a truncated file with one line and installs nothing', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'library.zip');
    const cut = path.join(dir, 'cut.zip');
    const bytes = await readFile(file);
    await writeFile(cut, new Uint8Array(bytes.subarray(0, Math.floor(bytes.length * 0.6))));
    const dataDir = await makeTempDir();
    await (await openStore(dataDir)).close();
    const result = await runDarasa('sync', 'import', cut, '--data-dir', dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^darasa: .*cut\.zip is damaged or incomplete/);
    expect(await installedPacks(dataDir)).toEqual([]);
  });
});
