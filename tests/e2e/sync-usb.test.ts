// Sync by USB in a real browser: an administrator of a hub that has never had a
// link clicks "Export for USB", gets the file as a download, and the panel then
// says when the last file was made and how many records it holds. The other
// way: the administrator chooses the library file central wrote for USB and
// the hub installs its packs and learns central's roaming staff accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInInBrowser } from '../support/auth.ts';
import { openTransferFile } from '../../sync/usb/read-transfer.ts';
import { startEmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral } from '../../sync/central/provision.ts';
import { couchExpect } from '../../sync/central/couch-http.ts';
import { STAFF_DB, staffAccountId } from '../../sync/staff/staff-documents.ts';
import { publishToLibrary } from '../../sync/library/publish.ts';
import { exportLibraryFile } from '../../sync/library/usb-library.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';
import { buildPack } from '../support/packs.ts';

let hub: HubProcess;
let browser: Browser;
let admin: { username: string; password: string };

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir(), SEED_CONTENT: '0' });
  admin = await setUpHubOverHttp(hub.url);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

describe('Export for USB', () => {
  it('downloads the file for central and shows the last export', async () => {
    const hubId = (await (await fetch(`${hub.url}/api/health`)).json()).hubId as string;
    const context = await browser.newContext({ locale: 'en', acceptDownloads: true });
    const page = await context.newPage();
    await signInInBrowser(page, hub.url, admin.username, admin.password);
    await page.goto(`${hub.url}/admin/sync`);

    const panel = page.getByTestId('usb-export');
    await panel.getByText('No file has been exported yet.').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export for USB' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^darasa-records-${hubId}-\\d{8}-\\d{4}\\.zip$`));
    const file = path.join(await makeTempDir(), download.suggestedFilename());
    await download.saveAs(file);
    const { manifest } = await openTransferFile(file, 'hub-records');
    expect(manifest.hubId).toBe(hubId);
    expect(manifest.byKind.hub).toBe(1); // the hub's settings, written at setup

    await expect.poll(async () => panel.getByTestId('usb-last-export').textContent()).toMatch(new RegExp(`^\\s*Last export: .*, ${manifest.documents} records? \\([\\d.]+ kB\\)\\.\\s*$`));
    await context.close();
  });

  it("installs the library from the file central wrote for USB, and says which staff accounts it brought", async () => {
    const ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
    const central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...ADMIN, port: 0 });
    const file = path.join(await makeTempDir(), 'darasa-library.zip');
    try {
      const admin_ = { url: central.url, ...ADMIN };
      await ensureCentral(admin_);
      // Another truck's teacher, as that hub's sync would have written them.
      const hubId = 'hub-e2estaff01';
      await couchExpect(admin_, 'write a staff account', 'PUT', `/${STAFF_DB}/${encodeURIComponent(staffAccountId('roaming-e2e'))}`, {
        type: 'staff-account', username: 'roaming-e2e', personId: `person:${hubId}:p1`, homeHubId: hubId, roles: ['teacher'], givenName: 'Rehema', familyName: 'Ali',
        passwordHash: `scrypt$16384$8$1$${'A'.repeat(22)}$${'B'.repeat(43)}`, active: true, updatedAt: new Date().toISOString(),
      }, [201, 202]);
      await publishToLibrary(admin_, await writePackZip(buildPack({ packId: 'usb-panel', courseId: 'usb-panel-course' })), {
        packId: 'usb-panel', version: '1.0.0', title: 'USB panel', licence: 'CC-BY-SA-4.0', courseIds: ['usb-panel-course'], languages: ['en'],
      }, { publishedBy: 'test' });
      await exportLibraryFile(admin_, file);
    } finally {
      await central.close();
    }

    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await signInInBrowser(page, hub.url, admin.username, admin.password);
    await page.goto(`${hub.url}/admin/sync`);
    const panel = page.getByTestId('usb-library-import');
    await panel.getByRole('button', { name: 'Install from the file' }).click();
    await panel.getByText('Choose the library file from the USB stick first.').waitFor();
    await panel.getByLabel('Library file').setInputFiles(file);
    await panel.getByRole('button', { name: 'Install from the file' }).click();
    await panel.getByTestId('usb-library-result').getByText('1 pack installed:').waitFor();
    await panel.getByText('usb-panel version 1.0.0').waitFor();
    await panel.getByText('Roaming staff accounts from central: 1 added, 0 updated, 0 disabled (refused at sign-in here from now on).').waitFor();
    const courses = await page.evaluate(async () => (await (await fetch('/api/courses')).json()) as { id: string }[]);
    expect(courses.map((c) => c.id)).toContain('usb-panel-course');

    // The same file again installs nothing.
    await panel.getByRole('button', { name: 'Install from the file' }).click();
    await panel.getByText('Nothing new: the one pack in the file is already installed.').waitFor();
    await panel.getByText('Roaming staff accounts from central: nothing new (1 in the file, all known here).').waitFor();
    await context.close();
  });
});
