// Central reporting end to end (issue 8): `npm run central` as a real process
// (the embedded central and the dashboard beside it), three hubs whose
// learners answer and which sync to it, then in Chromium a central analyst
// signs in, sees the fleet with each hub's last successful sync as the hub
// itself reports it, opens the impact page for this month (the figures the
// hubs recorded), downloads the CSV and the printable report (as a PDF).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { launchBrowser } from '../support/browser.ts';
import { startCentralProcess, type CentralProcess } from '../support/central-process.ts';
import { buildTestApp } from '../support/test-app.ts';
import { injectAs, personWithRoles, setUpAndSignIn, type TestSession } from '../support/auth.ts';
import { uploadFiles } from '../support/packs.ts';
import { connectHub, syncStatus } from '../support/sync-check.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { event, learningPack } from '../../server/learning/test-fixtures.ts';

const ANALYST = { username: 'ana', password: 'analyst-password-1' };
const CHIEF = { username: 'chief', password: 'chief-password-1' };
const LEARNERS_PER_HUB = [2, 3, 1];

let central: CentralProcess;
let dashboardUrl: string;
let browser: Browser;
const hubs: { app: FastifyInstance; admin: TestSession; hubId: string }[] = [];

beforeAll(async () => {
  central = await startCentralProcess({
    CENTRAL_DATA_DIR: await makeTempDir(),
    CENTRAL_DASHBOARD_ADMIN: CHIEF.username,
    CENTRAL_DASHBOARD_ADMIN_PASSWORD: CHIEF.password,
  } as never, 60_000);
  for (let waited = 0; !/Central dashboard on /.test(central.output()) && waited < 30_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
  dashboardUrl = /Central dashboard on (http:\/\/\S+)\/central\//.exec(central.output())![1]!;

  for (const learners of LEARNERS_PER_HUB) {
    const app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs: 10_000 } } as never);
    const admin = await setUpAndSignIn(app);
    const upload = await uploadFiles(app, admin, learningPack());
    expect(upload.statusCode, upload.body).toBeLessThan(300);
    for (let n = 0; n < learners; n++) {
      const learner = await personWithRoles(app, admin, ['learner'], `Learner ${n}`);
      const recorded = await injectAs(app, learner, {
        method: 'POST',
        url: '/api/events',
        payload: { events: [event('opened'), event('spent', {}, { durationMs: 600_000 }), event('completed')] },
      });
      expect(recorded.statusCode, recorded.body).toBe(200);
    }
    await connectHub(app, admin, central.admin, central.url);
    await app.sync.run();
    expect((await syncStatus(app, admin)).lastSuccessAt).not.toBeNull();
    hubs.push({ app, admin, hubId: app.store.hubId });
  }

  // The chief creates the analyst's account.
  const signIn = await fetch(`${dashboardUrl}/api/central/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CHIEF) });
  expect(signIn.status).toBe(200);
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
  const created = await fetch(`${dashboardUrl}/api/central/staff`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ ...ANALYST, roles: ['analyst'] }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  for (const hub of hubs) await hub.app.close();
  await central?.stop();
  await removeTempDirs();
});

describe('the central office', () => {
  let page: Page;

  it('an analyst signs in and sees the fleet with each hub’s last successful sync', async () => {
    page = await (await browser.newContext({ locale: 'en', acceptDownloads: true })).newPage();
    await page.goto(`${dashboardUrl}/central/`);
    await page.getByLabel('Username').fill(ANALYST.username);
    await page.getByLabel('Password').fill(ANALYST.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Every truck' }).waitFor();
    for (const hub of hubs) {
      const status = await syncStatus(hub.app, hub.admin);
      const cell = page.locator(`tr[data-hub="${hub.hubId}"] td[data-field="lastSuccessAt"]`);
      await cell.waitFor();
      expect(await cell.getAttribute('data-iso')).toBe(status.lastSuccessAt);
      expect((await cell.textContent())!.trim()).not.toBe('never');
    }
  });

  it('opens the impact page for this month, downloads its CSV and the printable report', async () => {
    await page.getByRole('link', { name: 'Impact' }).first().click();
    await page.getByRole('heading', { name: 'Impact of the programme' }).waitFor();
    await page.getByLabel('By').selectOption('hub');
    await page.getByRole('button', { name: 'Show' }).click();
    const total = page.locator('[data-testid="impact-table"] tr[data-group="total"]');
    const learners = LEARNERS_PER_HUB.reduce((a, b) => a + b, 0);
    await expect.poll(() => total.locator('td[data-figure="learnersReached"]').textContent(), { timeout: 30_000 }).toBe(String(learners));
    expect(await total.locator('td[data-figure="lessonsCompleted"]').textContent()).toBe(String(learners));
    expect(await total.locator('td[data-figure="learningHours"]').textContent()).toBe(new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(learners / 6));
    for (const hub of hubs) await page.locator(`[data-testid="impact-table"] tr[data-group="${hub.hubId}"]`).waitFor();
    expect(await page.locator('canvas').count()).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('impact-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^darasa-impact-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}-by-hub\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^hub,label,learnersReached,/);
    expect(lines).toHaveLength(hubs.length + 2);
    expect(lines.at(-1)).toMatch(new RegExp(`^total,total,${learners},`));

    await page.getByTestId('report-link').click();
    await page.getByRole('heading', { name: 'Impact report' }).waitFor();
    await page.getByTestId('impact-report').getByText('Learners reached').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', landscape: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
  });
});
