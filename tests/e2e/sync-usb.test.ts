// Sync by USB in a real browser: an administrator of a hub that has never had a
// link clicks "Export for USB", gets the file as a download, and the panel then
// says when the last file was made and how many records it holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInInBrowser } from '../support/auth.ts';
import { openTransferFile } from '../../sync/usb/read-transfer.ts';

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
});
