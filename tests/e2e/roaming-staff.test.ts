// Roaming staff in Chromium (issue 9), with two real hub processes and the
// embedded central as a real process: a teacher made on hub 1 signs in on
// hub 2 with the same account after both sync; hub 2's administrator finds
// her on the People page marked as visiting and disables her there; her open
// session on hub 2 ends at once, her next sign-in is refused, and after hub 2
// and then hub 1 sync she is refused on her home hub too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { CentralProcess } from '../support/central-process.ts';
import { removeTempDirs } from '../support/temp-dir.ts';
import { signInInBrowser } from '../support/auth.ts';
import { syncNowOverHttp } from '../support/sync-check.ts';
import { callJson, newWatchedPage, startCentralWithDashboard, startTruck, type Truck } from './trucks-helpers.ts';

let central: CentralProcess;
let browser: Browser;
let home: Truck;
let visited: Truck;
const TEACHER = { username: 'wanjiru', password: 'teacher-password-1' };

const newPage = () => newWatchedPage(browser);

async function sync(t: Truck) {
  expect((await syncNowOverHttp(t.hub.url, t.admin)).lastError).toBeNull();
}

beforeAll(async () => {
  central = await startCentralWithDashboard();
  [home, visited] = await Promise.all([startTruck(central), startTruck(central)]);
  await callJson(`${home.hub.url}/api/people`, home.admin, 'POST', { givenName: 'Wanjiru', familyName: 'Kamau', roles: ['teacher'], ...TEACHER });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const t of [home, visited]) await t?.hub.stop('SIGKILL');
  await central?.stop();
  await removeTempDirs();
});

describe('roaming staff in the browser', () => {
  it('a visiting teacher signs in on another truck, is disabled there by its administrator, and is then refused on every truck', { timeout: 180_000 }, async () => {
    await sync(home);
    await sync(visited);

    const teacher = await newPage();
    await signInInBrowser(teacher, visited.hub.url, TEACHER.username, TEACHER.password);
    await expect.poll(() => teacher.locator('[data-testid="who-am-i"]').textContent()).toMatch(/Wanjiru Kamau/);

    const admin = await newPage();
    await signInInBrowser(admin, visited.hub.url, 'admin', 'correct horse battery');
    await admin.goto(`${visited.hub.url}/admin/people`);
    const row = admin.locator('[data-testid="visiting-table"] tr', { hasText: 'Wanjiru Kamau' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/visiting/);
    expect(await row.textContent()).toMatch(/Teacher/);
    admin.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled here (other trucks learn it at the next sync)').waitFor();

    // Her session on this truck ended at once: the browser's cookie no longer opens it.
    expect(await teacher.evaluate(async () => (await fetch('/api/me')).status)).toBe(401);
    await teacher.goto(`${visited.hub.url}/sign-in/staff`);
    await teacher.locator('#staff-username').fill(TEACHER.username);
    await teacher.locator('#staff-password').fill(TEACHER.password);
    await teacher.locator('form[data-form="staff-sign-in"] button[type="submit"]').click();
    await teacher.getByRole('alert').getByText('This account is switched off. Ask an administrator.').waitFor();

    // After the visited truck and then her home truck sync, home refuses her too.
    await sync(visited);
    await sync(home);
    const atHome = await fetch(`${home.hub.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEACHER) });
    expect(atHome.status).toBe(403);
    expect(((await atHome.json()) as { code: string }).code).toBe('ACCOUNT_INACTIVE');
    await admin.reload();
    await row.getByText('Disabled (by hub-', { exact: false }).waitFor();
  });
});
