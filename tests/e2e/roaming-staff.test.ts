// Roaming staff in Chromium (issue 9), with two real hub processes and the
// embedded central as a real process: a teacher made on hub 1 signs in on
// hub 2 with the same account after both sync; hub 2's administrator finds
// her on the People page marked as visiting and disables her there; her open
// session on hub 2 ends at once, her next sign-in is refused, and after hub 2
// and then hub 1 sync she is refused on her home hub too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { startCentralProcess, type CentralProcess } from '../support/central-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInInBrowser, signInOverHttp, type TestSession } from '../support/auth.ts';
import { syncNowOverHttp } from '../support/sync-check.ts';
import { ensureCentral, registerHub } from '../../sync/central/provision.ts';
import { watchErrors } from './learn-home-helpers.ts';

interface Truck { hub: HubProcess; admin: TestSession }
let central: CentralProcess;
let browser: Browser;
let home: Truck;
let visited: Truck;
const TEACHER = { username: 'wanjiru', password: 'teacher-password-1' };

async function send(url: string, as: TestSession, body: unknown, method = 'POST') {
  const response = await fetch(url, { method, headers: { ...as.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

async function truck(): Promise<Truck> {
  const hub = await startHubProcess({ DATA_DIR: await makeTempDir(), SEED_CONTENT: '0' }, 60_000);
  const credentials = await setUpHubOverHttp(hub.url, { language: 'en' });
  const admin = await signInOverHttp(hub.url, credentials.username, credentials.password);
  const hubId = ((await (await fetch(`${hub.url}/api/health`)).json()) as { hubId: string }).hubId;
  const registration = await registerHub(central.admin, hubId);
  await send(`${hub.url}/api/sync/connection`, admin, { centralUrl: central.url, username: registration.username, password: registration.password }, 'PUT');
  return { hub, admin };
}

async function newPage(): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  watchErrors(page);
  return page;
}

async function sync(t: Truck) {
  expect((await syncNowOverHttp(t.hub.url, t.admin)).lastError).toBeNull();
}

beforeAll(async () => {
  central = await startCentralProcess({ CENTRAL_DATA_DIR: await makeTempDir() });
  // Central upgrades its databases once it listens; provisioning waits for that (see library-review.test.ts).
  for (const deadline = Date.now() + 60_000; !/Central dashboard on/.test(central.output()); ) {
    if (Date.now() > deadline) throw new Error(`central did not start: ${central.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await ensureCentral(central.admin);
  [home, visited] = await Promise.all([truck(), truck()]);
  await send(`${home.hub.url}/api/people`, home.admin, { givenName: 'Wanjiru', familyName: 'Kamau', roles: ['teacher'], ...TEACHER });
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
