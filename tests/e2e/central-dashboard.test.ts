// Central reporting end to end (issue 8): `npm run central` as a real process
// (the embedded central and the dashboard beside it), three hubs whose
// learners answer and which sync to it, then in Chromium a central analyst
// signs in, sees the fleet with each hub's last successful sync as the hub
// itself reports it, opens the impact page for this month (the figures the
// hubs recorded), downloads the CSV and the printable report (as a PDF).
// One learner completes the whole course (its record travels with the sync:
// a course completed, a certificate issued), one hub's trainer observed and
// certified a teacher (issue 9's documents, written into the hub database as
// the training pages would), and the course is in central's shared library:
// the Teachers and Library sections show them, with their CSV. An
// administrator disables a travelling trainer on the Travelling staff page;
// the hub refuses their sign-in after its next sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { launchBrowser } from '../support/browser.ts';
import { startCentralProcess, type CentralProcess } from '../support/central-process.ts';
import { buildTestApp } from '../support/test-app.ts';
import { createPerson, injectAs, personWithRoles, setUpAndSignIn, type TestSession } from '../support/auth.ts';
import { uploadFiles } from '../support/packs.ts';
import { connectHub, syncStatus } from '../support/sync-check.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { CODING_LESSON, COURSE, event, learningPack, QUIZ } from '../../server/learning/test-fixtures.ts';
import { putLibraryPack } from '../support/impact-data.ts';

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

  await putLibraryPack(central.admin, 'lt-pack', 'Learning test pack', [COURSE]);
  for (const [h, learners] of LEARNERS_PER_HUB.entries()) {
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
      if (h === 0 && n === 0) {
        const rest = await injectAs(app, learner, { method: 'POST', url: '/api/events', payload: { events: [event('completed', { lessonId: CODING_LESSON }), event('completed', { lessonId: QUIZ })] } });
        expect(rest.statusCode, rest.body).toBe(200);
      }
    }
    await app.learning.completions.idle();
    if (h === 1) {
      const teacher = await personWithRoles(app, admin, ['teacher'], 'Teacher');
      const trainer = await personWithRoles(app, admin, ['trainer'], 'Trainer');
      const hubId = app.store.hubId;
      const now = new Date().toISOString();
      const today = now.slice(0, 10);
      await app.store.databases.hub.bulkDocs([
        { _id: `observation:${hubId}:e2e1`, type: 'observation', teacherId: teacher.user.id, sessionId: `attendance:${hubId}:e2e`, classId: `class:${hubId}:e2e`, date: today, observerId: trainer.user.id, scores: [{ criterionId: 'prep', label: 'Preparation', score: 3 }], averageScore: 3, createdAt: now, updatedAt: now },
        { _id: `certification:${hubId}:e2e1`, type: 'certification', teacherId: teacher.user.id, levelId: 'level-1', levelName: 'Practitioner', decision: 'certified', evaluation: { courseIdsCompleted: [], courseIdsMissing: [], qualifyingObservations: 1, met: true }, certifiedBy: trainer.user.id, decidedAt: now, createdAt: now, verificationCode: 'ABCD-EFGH-JK' },
      ] as never[]);
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
    expect(await total.locator('td[data-figure="lessonsCompleted"]').textContent()).toBe(String(learners + 2));
    expect(await total.locator('td[data-figure="coursesCompleted"]').textContent()).toBe('1');
    expect(await total.locator('td[data-figure="certificatesIssued"]').textContent()).toBe('1');
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

    // Issue 9: teachers observed and certified, and the library course's use per hub.
    await page.getByRole('heading', { name: 'Teachers' }).waitFor();
    const teachers = page.locator('[data-testid="trainer-table"] tr[data-group="total"]');
    expect(await teachers.locator('td[data-figure="teachersObserved"]').textContent()).toBe('1');
    expect(await teachers.locator('td[data-figure="teachersCertified"]').textContent()).toBe('1');
    expect(await teachers.locator('td[data-level="Practitioner"]').textContent()).toBe('1');
    const course = page.locator(`[data-testid="library-table"] tr.course[data-course="${COURSE}"]`);
    expect(await course.locator('td[data-figure="learners"]').textContent()).toBe(String(learners));
    expect(await course.locator('td[data-figure="completions"]').textContent()).toBe('1');
    for (const hub of hubs) await page.locator(`[data-testid="library-table"] tr[data-hub="${hub.hubId}"]`).waitFor();
    const [trainersCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('trainers-csv').click()]);
    expect((await readFile((await trainersCsv.path())!, 'utf8')).trim().split('\n').at(-1)).toMatch(/^total,total,\d+,\d+,1,1,3,1,1,/);
    const [libraryCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('library-csv').click()]);
    expect((await readFile((await libraryCsv.path())!, 'utf8')).trim().split('\n').at(-1)).toMatch(new RegExp(`^${COURSE},lt-pack,Learning test pack,1.0.0,total,total,${learners},1,`));

    await page.getByTestId('report-link').click();
    await page.getByRole('heading', { name: 'Impact report' }).waitFor();
    await page.getByTestId('impact-report').getByText('Learners reached').first().waitFor();
    await page.getByTestId('impact-report').getByText('Certificates issued').first().waitFor();
    expect(await page.locator('[data-testid="impact-report"] li[data-figure="teachersCertified"] strong').textContent()).toBe('1');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', landscape: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
    // One page, with the course, certificate and teacher figures added.
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
  });

  it('an administrator disables a travelling trainer everywhere after a confirmation; the hub refuses them after its sync; analysts have no such page', async () => {
    expect(await page.locator('a[href="/central/travelling-staff"]').count()).toBe(0);
    const hub = hubs[1]!;
    await createPerson(hub.app, hub.admin, { givenName: 'Rehema', familyName: 'Odhiambo', roles: ['trainer'], username: 'rehema-tr', password: 'password-1234' });
    await hub.app.sync.run();
    expect((await hub.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'rehema-tr', password: 'password-1234' } })).statusCode).toBe(200);

    const chief = await (await browser.newContext({ locale: 'en' })).newPage();
    await chief.goto(`${dashboardUrl}/central/`);
    await chief.getByLabel('Username').fill(CHIEF.username);
    await chief.getByLabel('Password').fill(CHIEF.password);
    await chief.getByRole('button', { name: 'Sign in' }).click();
    await chief.getByRole('link', { name: 'Travelling staff' }).click();
    await chief.getByRole('heading', { name: 'Travelling teachers and trainers' }).waitFor();
    const row = chief.locator('[data-testid="travelling-table"] tr[data-username="rehema-tr"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Rehema O.');
    expect(await row.textContent()).not.toContain('Odhiambo');
    await row.getByRole('button', { name: 'Disable everywhere' }).click();
    const confirm = chief.getByTestId('travelling-confirm');
    expect(await confirm.textContent()).toContain('rehema-tr');
    await confirm.getByRole('button', { name: 'Yes, disable everywhere' }).click();
    await chief.getByTestId('travelling-result').getByText('rehema-tr is disabled at central').waitFor();
    await chief.locator('tr[data-username="rehema-tr"][data-active="no"]').waitFor();
    expect(await row.locator('td[data-field="status"]').textContent()).toMatch(/^disabled at central on /);
    expect(await row.getByRole('button', { name: 'Disable everywhere' }).count()).toBe(0);

    await hub.app.sync.run();
    const refused = await hub.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'rehema-tr', password: 'password-1234' } });
    expect(refused.json().code).toBe('ACCOUNT_INACTIVE');
  });
});
