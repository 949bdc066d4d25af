// Content in a real browser: a teacher imports a pack from a .zip through the
// import page (upload and processing progress, then the report), browses to
// the new course, and finds one of its lessons by search. A broken pack is
// refused with its problems listed and nothing installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInInBrowser } from '../support/auth.ts';
import { buildPack, withChecksums, QUESTION } from '../support/packs.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';

let hub: HubProcess;
let browser: Browser;
let admin: { username: string; password: string };

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir() });
  admin = await setUpHubOverHttp(hub.url);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

async function packFile(name: string, files: Map<string, Uint8Array>): Promise<string> {
  const file = path.join(await makeTempDir(), name);
  await writeFile(file, await writePackZip(files));
  return file;
}

async function importThroughPage(page: Page, file: string) {
  await page.goto(`${hub.url}/packs/import`);
  await page.getByLabel('Choose the pack (.zip)').setInputFiles(file);
  await page.getByRole('button', { name: 'Import' }).click();
}

describe('importing content in the browser', () => {
  it('imports a pack, shows what was installed, and finds its lesson by search', async () => {
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await signInInBrowser(page, hub.url, admin.username, admin.password);

    await importThroughPage(page, await packFile('test-pack.zip', buildPack({ lesson2Body: 'Baobab trees store water in their trunks for the dry season.' })));
    await page.getByRole('heading', { name: 'Installed: test-pack 1.0.0' }).waitFor();
    await page.getByRole('link', { name: 'Test course' }).click();
    await page.getByRole('heading', { level: 1, name: 'Test course' }).waitFor();
    expect(await page.getByRole('link', { name: 'The second lesson about keyboards' }).count()).toBe(1);

    await page.getByRole('search').first().getByRole('searchbox').fill('baobab');
    await page.getByRole('search').first().getByRole('button', { name: 'Search' }).click();
    // The course page links the lesson too: wait for the search result's snippet,
    // not for the link (which is there before the results arrive).
    await page.getByText('Baobab trees store water').first().waitFor();
    const hit = page.getByRole('link', { name: 'The second lesson about keyboards' });
    expect(await hit.count()).toBe(1);
    await hit.click();
    await page.getByText('Baobab trees store water in their trunks').waitFor();
    expect(new URL(page.url()).pathname).toBe('/lessons/t-l02');
    await context.close();
  });

  it('refuses a broken pack, listing each problem with its file and line, and installs nothing', async () => {
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await signInInBrowser(page, hub.url, admin.username, admin.password);
    const broken = buildPack({ packId: 'broken-pack', courseId: 'broken-course', lesson1Activities: [QUESTION.replace('correct: true', 'correct: false')] });
    await importThroughPage(page, await packFile('broken.zip', withChecksums(broken)));
    const alert = page.getByRole('alert');
    await alert.getByText('The pack has problems. Nothing was changed.').waitFor();
    expect(await alert.getByText(/courses\/broken-course\/lessons\/01-first\.md:\d+/).count()).toBeGreaterThan(0);
    const courses = await (await page.request.get(`${hub.url}/api/courses`)).json();
    expect(courses.map((c: { id: string }) => c.id)).not.toContain('broken-course');
    await context.close();
  });

  it('shows the catalogue and a lesson in French', async () => {
    const context = await browser.newContext({ locale: 'fr' });
    const page = await context.newPage();
    await signInInBrowser(page, hub.url, admin.username, admin.password);
    await page.goto(`${hub.url}/courses?lang=fr`);
    await page.getByLabel('Language').first().selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Cours', exact: true }).waitFor();
    await page.getByRole('link', { name: "Les bases de l'ordinateur" }).click();
    await page.getByRole('link', { name: 'La souris et le clavier' }).click();
    await page.getByRole('heading', { level: 1, name: 'La souris et le clavier' }).waitFor();
    expect(await page.getByRole('link', { name: /Leçon suivante/ }).count()).toBe(1);
    await context.close();
  });
});
