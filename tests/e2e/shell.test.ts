// The app shell in a real browser: it loads in English, switches to French,
// keeps the choice on this workstation across reloads, and stays usable by
// keyboard and at 200% zoom. The hub is set up first (a fresh hub leads every
// page to setup: tests/e2e/accounts.test.ts covers that).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp } from '../support/auth.ts';

let hub: HubProcess;
let browser: Browser;

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir() });
  await setUpHubOverHttp(hub.url, { language: 'en' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

describe('app shell', () => {
  it('loads in English and switches to French, and remembers it after a reload', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Nobody is signed in: the app's GET /api/me answers 401, which Chromium logs as a failed resource.
    page.on('console', (message) => message.type() === 'error' && !/status of 401/.test(message.text()) && errors.push(message.text()));

    await page.goto(hub.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Darasa');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByText('The classroom server is ready.').waitFor();

    await page.getByLabel('Language').selectOption('fr');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bienvenue sur Darasa');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByText('Le serveur de la classe est prêt.').waitFor();

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bienvenue sur Darasa');
    expect(await page.getByLabel('Langue').inputValue()).toBe('fr');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("starts in the browser's language before setup, and in the hub's default language after", async () => {
    const fresh = await startHubProcess({ DATA_DIR: await makeTempDir() });
    try {
      const context = await browser.newContext({ locale: 'fr-SN' });
      const page = await context.newPage();
      await page.goto(fresh.url);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Installer cette classe');
      await setUpHubOverHttp(fresh.url, { language: 'fr' });
      const english = await browser.newContext({ locale: 'en-GB' });
      const englishPage = await english.newPage();
      await englishPage.goto(fresh.url);
      await expect.poll(() => englishPage.getByRole('heading', { level: 1 }).textContent()).toBe('Bienvenue sur Darasa');
      await context.close();
      await english.close();
    } finally {
      await fresh.stop();
    }
  });

  it('opens a client route directly and shows a translated not-found page', async () => {
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const response = await page.goto(`${hub.url}/no/such/page`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('We cannot find this page');
    await page.getByRole('link', { name: 'Go to the start page' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Darasa');
    expect(new URL(page.url()).pathname).toBe('/');
    await context.close();
  });

  it('offers a skip link first in the tab order and has the page landmarks', async () => {
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await page.goto(hub.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the main content');
    for (const role of ['banner', 'main', 'contentinfo'] as const) {
      expect(await page.getByRole(role).count()).toBe(1);
    }
    await context.close();
  });

  it('reflows without sideways scrolling at 200% zoom', async () => {
    // A 1280 px wide screen at 200% zoom lays out like a 640 px wide one.
    const context = await browser.newContext({ locale: 'fr', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    // French (longer words) as this workstation's saved choice: the hub's default is English.
    await context.addInitScript(() => localStorage.setItem('darasa.locale', 'fr'));
    const page = await context.newPage();
    await page.goto(hub.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const select = await page.getByLabel('Langue').boundingBox();
    expect(select!.height).toBeGreaterThanOrEqual(44);
    await context.close();
  });
});
