// The administrator's sync panel in a real browser, against a real embedded
// central process: paste the pairing code, sync now, see the records reach
// central and the panel say so; a wrong code is refused with nothing saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { startCentralProcess, type CentralProcess } from '../support/central-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInInBrowser } from '../support/auth.ts';
import { ensureCentral, registerHub } from '../../sync/central/provision.ts';
import { readAtCentral, writeSiblingAtCentral } from '../support/central-conflict.ts';

let hub: HubProcess;
let central: CentralProcess;
let browser: Browser;
let admin: { username: string; password: string };

beforeAll(async () => {
  central = await startCentralProcess({ CENTRAL_DATA_DIR: await makeTempDir() });
  await ensureCentral(central.admin);
  hub = await startHubProcess({ DATA_DIR: await makeTempDir(), SEED_CONTENT: '0' });
  admin = await setUpHubOverHttp(hub.url);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await central?.stop();
  await removeTempDirs();
});

describe('the sync panel', () => {
  it('connects with a pairing code, syncs now, and shows what central has', async () => {
    const hubId = (await (await fetch(`${hub.url}/api/health`)).json()).hubId as string;
    const registration = await registerHub(central.admin, hubId);
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await signInInBrowser(page, hub.url, admin.username, admin.password);
    await page.goto(`${hub.url}/admin/sync`);

    await page.getByLabel('Pairing code').fill('darasa1.this-is-not-a-code');
    await page.getByRole('button', { name: 'Test and connect' }).click();
    await page.getByRole('alert').getByText(/pairing code/i).waitFor();

    await page.getByLabel('Pairing code').fill(registration.pairingCode);
    await page.getByRole('button', { name: 'Test and connect' }).click();
    await page.getByRole('heading', { name: 'What central has' }).waitFor();
    expect(await page.getByText(central.url).count()).toBe(1);

    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(async () => page.getByText('nothing', { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByText('never').count()).toBe(0);

    // Central really has the hub's settings document.
    const auth = `Basic ${Buffer.from(`${central.adminUser}:${central.adminPassword}`).toString('base64')}`;
    const docs = await (await fetch(`${central.url}/${registration.database}/_all_docs`, { headers: { authorization: auth } })).json();
    expect(docs.rows.map((row: { id: string }) => row.id)).toContain(`hub:${hubId}:settings`);
    await context.close();
  });

  // Runs after the test above: the hub is connected and its settings are at central.
  it('shows a conflict made at central side by side and keeps the version the administrator chooses', async () => {
    const hubId = (await (await fetch(`${hub.url}/api/health`)).json()).hubId as string;
    const database = `darasa-${hubId}`;
    const settingsId = `hub:${hubId}:settings`;
    await writeSiblingAtCentral(central.admin, database, settingsId, { name: 'Named at central' });
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await signInInBrowser(page, hub.url, admin.username, admin.password);
    await page.goto(`${hub.url}/admin/sync`);

    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('heading', { name: '1 record with conflicting versions' }).waitFor({ timeout: 30_000 });
    await page.getByText('2 versions at central').waitFor();
    await page.getByRole('button', { name: 'Compare the versions' }).click();

    // The differing field, one column per version, said in words.
    const table = page.getByRole('table', { name: 'Fields that differ between the versions' });
    await table.waitFor();
    const nameRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'name', exact: true }) });
    const cells = await nameRow.getByRole('cell').allTextContents();
    const column = cells.indexOf('Named at central');
    expect(column).toBeGreaterThanOrEqual(0);
    expect(await table.getByText('at central', { exact: false }).count()).toBeGreaterThanOrEqual(2);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Keep this version: version ${column + 1}` }).click();
    await page.getByText('The version you chose is kept').waitFor();
    await page.getByRole('heading', { name: 'No records with conflicting versions' }).waitFor();
    expect(await page.getByText('2 versions at central').count()).toBe(0);

    // Central holds one version again: the chosen one.
    await expect.poll(async () => {
      const doc = await readAtCentral(central.admin, database, settingsId);
      return { name: doc.name, conflicts: doc._conflicts ?? [] };
    }, { timeout: 30_000 }).toEqual({ name: 'Named at central', conflicts: [] });
    await context.close();
  });
});
