// People and sign-in in a real browser: a new hub's setup, the administrator
// enrolling a teacher and learners, and a learner signing in with a PIN on a
// "workstation" (a fresh browser context, as another machine would be) and
// signing out with one click.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { signInInBrowser, signInOverHttp } from '../support/auth.ts';

let hub: HubProcess;
let browser: Browser;

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir() });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // A refused sign-in is an expected 4xx that Chromium logs as a failed resource.
  page.on('console', (message) => message.type() === 'error' && !/status of 4\d\d/.test(message.text()) && errors.push(message.text()));
  return errors;
}

async function addPerson(page: Page, person: { given: string; family: string; role?: 'teacher'; username?: string; password?: string; pin?: string }) {
  await page.goto(`${hub.url}/admin/people/new`);
  await page.locator('#person-given').fill(person.given);
  await page.locator('#person-family').fill(person.family);
  if (person.role) {
    await page.locator('input[name="role"][value="teacher"]').check();
    await page.locator('input[name="role"][value="learner"]').uncheck();
    await page.locator('#person-username').fill(person.username!);
    await page.locator('#person-password').fill(person.password!);
  } else {
    await page.locator('#person-pin').fill(person.pin!);
  }
  await page.locator('form[data-form="person"] button[type="submit"]').click();
  await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
  await page.locator('[data-testid="people-table"]').getByText(`${person.given} ${person.family}`).waitFor();
}

describe('people and sign-in', () => {
  it('sets up a new hub in the browser: every page leads to setup until it is done', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/courses`);
    await page.getByRole('heading', { level: 1, name: 'Set up this classroom' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/setup');

    await page.locator('#setup-hub-name').fill('Truck 7 — Kisumu');
    await page.locator('#setup-country').selectOption('KE');
    await page.locator('#setup-language').selectOption('en');
    await page.locator('#setup-username').fill('admin');
    await page.locator('#setup-password').fill('admin-password-1');
    await page.locator('#setup-confirm').fill('admin-password-1');
    await page.locator('form[data-form="setup"] button[type="submit"]').click();

    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await expect.poll(() => page.locator('.hub-name').textContent()).toBe('Truck 7 — Kisumu');
    await expect.poll(() => page.locator('[data-testid="who-am-i"]').textContent()).toMatch(/admin Admin/);
    // Setup is gone once done.
    await page.goto(`${hub.url}/setup`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets the administrator add a teacher and learners, and the teacher sign in', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInInBrowser(page, hub.url, 'admin', 'admin-password-1');
    await addPerson(page, { given: 'Juma', family: 'Otieno', role: 'teacher', username: 'juma', password: 'teacher-password' });
    await addPerson(page, { given: 'Amina', family: 'Wanjiru', pin: '4821' });
    await addPerson(page, { given: 'Baraka', family: 'Mwangi', pin: '1357' });
    await addPerson(page, { given: 'Chausiku', family: 'Njeri', pin: '2468' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();

    await signInInBrowser(page, hub.url, 'juma', 'teacher-password');
    await page.goto(`${hub.url}/admin/people`);
    await page.locator('[data-testid="people-table"]').getByText('Amina Wanjiru').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs a learner in on a workstation with a PIN, refuses a wrong one, and signs out in one click', async () => {
    const workstation = await browser.newContext({ locale: 'en-GB' });
    const page = await workstation.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Who are you?' }).waitFor();
    await page.getByRole('button', { name: /Baraka M\./ }).waitFor();
    await page.locator('#learner-filter').fill('ami');
    expect(await page.getByRole('button', { name: /Baraka M\./ }).count()).toBe(0);
    await page.getByRole('button', { name: /Amina W\./ }).click();
    await page.getByRole('heading', { level: 1, name: 'Hello, Amina W.!' }).waitFor();

    for (const digit of '0000') await page.getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('alert').getByText('That is not right. Check and try again.').waitFor();

    for (const digit of '4821') await page.getByRole('button', { name: digit, exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="who-am-i"]').textContent()).toMatch(/Amina Wanjiru/);
    // Signed in, the learner leaves the sign-in grid for the learning pages.
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/sign-in');
    const me = await page.evaluate(() => fetch('/api/me').then((r) => r.json()));
    expect(me).toMatchObject({ displayName: 'Amina Wanjiru', roles: ['learner'] });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Who are you?' }).waitFor();
    expect(await page.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
    expect(errors).toEqual([]);
    await workstation.close();
  });

  it('signs an idle learner out on its own and returns the workstation to the sign-in grid', async () => {
    const admin = await signInOverHttp(hub.url, 'admin', 'admin-password-1');
    const changed = await fetch(`${hub.url}/api/settings`, {
      method: 'PATCH',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ learnerIdleMinutes: 1 }),
    });
    expect(changed.status).toBe(200);

    const workstation = await browser.newContext({ locale: 'en-GB' });
    // The page's clock is ours to move: a minute of idleness passes in an instant.
    await workstation.clock.install();
    const page = await workstation.newPage();
    await page.goto(`${hub.url}/sign-in`);
    await page.getByRole('button', { name: /Baraka M\./ }).click();
    for (const digit of '1357') await page.getByRole('button', { name: digit, exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="who-am-i"]').textContent()).toMatch(/Baraka Mwangi/);

    await page.clock.fastForward('01:30');
    await page.getByRole('heading', { level: 1, name: 'Who are you?' }).waitFor();
    expect(await page.locator('[data-testid="who-am-i"]').count()).toBe(0);
    expect(await page.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
    await workstation.close();
  });
});
