// Three trucks and one central office, end to end (issue 7): three real hub
// processes, the embedded central as a real process, each hub behind its own
// slow simulated link. On each hub an administrator pastes the pairing code on
// the sync page, learners' answers are recorded, the administrator presses
// "Sync now", sees the progress and then the time of the last successful sync.
// Afterwards central holds every hub's records exactly once, each in its own
// database (read from the hubs' data directories once they are stopped).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { startCentralProcess, type CentralProcess } from '../support/central-process.ts';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy.ts';
import { buildTestApp } from '../support/test-app.ts';
import { ADMIN, signInInBrowser, signInOverHttp } from '../support/auth.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { uploadFiles } from '../support/packs.ts';
import { setUpAndSignIn } from '../support/auth.ts';
import { centralDocs, expectExactlyOnce, hubRecords } from '../support/sync-check.ts';
import { ensureCentral, registerHub, type HubRegistration } from '../../sync/central/provision.ts';
import { openStore } from '../../server/store/store.ts';
import { event, learnerOverHttp, learningPack } from '../../server/learning/test-fixtures.ts';

const EVENTS_PER_HUB = 300;

interface Truck {
  dataDir: string;
  hub: HubProcess;
  link: LinkProxy;
  registration: HubRegistration;
  page: Page;
}

let central: CentralProcess;
let browser: Browser;
const trucks: Truck[] = [];

/** A set-up hub's data directory with the learning test course installed. */
async function prepareHub(): Promise<string> {
  const dataDir = await makeTempDir();
  const app = await buildTestApp({ dataDir });
  const admin = await setUpAndSignIn(app);
  const upload = await uploadFiles(app, admin, learningPack());
  if (upload.statusCode >= 300) throw new Error(`pack import failed: ${upload.body}`);
  await app.close();
  return dataDir;
}

beforeAll(async () => {
  central = await startCentralProcess({ CENTRAL_DATA_DIR: await makeTempDir() });
  await ensureCentral(central.admin);
  const dataDirs = await Promise.all([prepareHub(), prepareHub(), prepareHub()]);
  const hubs = await Promise.all(dataDirs.map((dataDir) => startHubProcess({ DATA_DIR: dataDir, SEED_CONTENT: '0' }, 60_000)));
  browser = await launchBrowser();
  for (const [i, hub] of hubs.entries()) {
    // The truck's uplink: slow enough that a sync takes a few seconds.
    const link = await startLinkProxy({ target: `127.0.0.1:${central.port}`, latencyMs: 50, bandwidthBytesPerSec: 8_000 });
    const hubId = ((await (await fetch(`${hub.url}/api/health`)).json()) as { hubId: string }).hubId;
    // The pairing code carries the address the truck reaches central at: its link.
    const registration = await registerHub(central.admin, hubId, { publicUrl: link.url });
    const page = await (await browser.newContext({ locale: 'en' })).newPage();
    trucks.push({ dataDir: dataDirs[i]!, hub, link, registration, page });
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const truck of trucks) {
    await truck.hub.stop('SIGKILL');
    await truck.link.close();
  }
  await central?.stop();
  await removeTempDirs();
});

/** Learners on the hub answer; returns when the hub has acknowledged every answer. */
async function recordAnswers(hubUrl: string): Promise<void> {
  const staff = await signInOverHttp(hubUrl, ADMIN.username, ADMIN.password);
  const learners = await Promise.all(['Amani', 'Bahati', 'Chausiku'].map((name) => learnerOverHttp(hubUrl, staff, name)));
  const perLearner = EVENTS_PER_HUB / learners.length;
  await Promise.all(learners.map(async (learner, n) => {
    const events = Array.from({ length: perLearner }, (_, k) => event('answered', { activityId: 'lt-single' }, { response: { choice: (n + k) % 2 }, correct: (n + k) % 2 === 0, score: (n + k) % 2 }));
    for (let start = 0; start < events.length; start += 50) {
      const response = await fetch(`${hubUrl}/api/events`, { method: 'POST', headers: { ...learner.headers, 'content-type': 'application/json' }, body: JSON.stringify({ events: events.slice(start, start + 50) }) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { rejected: unknown[] }).rejected).toEqual([]);
    }
  }));
}

const lastSuccess = (page: Page) => page.locator('dt', { hasText: 'Last successful sync' }).locator('xpath=following-sibling::dd[1]');

describe('three hubs and one central', () => {
  it('each administrator connects with the pairing code and syncs now; central holds every record of every hub once', async () => {
    // Learners answer on all three trucks at once.
    await Promise.all(trucks.map((truck) => recordAnswers(truck.hub.url)));

    for (const { hub, page, registration } of trucks) {
      await signInInBrowser(page, hub.url, ADMIN.username, ADMIN.password);
      await page.goto(`${hub.url}/admin/sync`);
      await page.getByLabel('Pairing code').fill(registration.pairingCode);
      await page.getByRole('button', { name: 'Test and connect' }).click();
      await page.getByRole('heading', { name: 'What central has' }).waitFor();
      expect(await lastSuccess(page).textContent()).toBe('never');
    }
    // The three administrators press "Sync now" one after the other: the syncs overlap.
    for (const { page } of trucks) {
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.locator('#sync-progress').waitFor();
      await page.getByText(/^Syncing… \d+ records? sent$/).waitFor();
    }
    for (const { page } of trucks) {
      await page.locator('#sync-progress').waitFor({ state: 'detached', timeout: 60_000 });
      await expect.poll(() => lastSuccess(page).textContent(), { timeout: 15_000 }).toMatch(/\d{1,2}\/\d{1,2}\/\d{4}, \d{1,2}:\d{2}:\d{2}/);
      await page.locator('dt', { hasText: 'Waiting to be sent' }).locator('xpath=following-sibling::dd[1]').getByText('nothing').waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
    }

    for (const truck of trucks) {
      expect(await truck.hub.stop('SIGTERM')).toBe(0);
      const store = await openStore(truck.dataDir);
      try {
        const records = await hubRecords(store.databases.hub);
        expect([...records.keys()].filter((id) => id.startsWith('event:'))).toHaveLength(EVENTS_PER_HUB);
        expectExactlyOnce(records, await centralDocs(central.admin, truck.registration.database));
      } finally {
        await store.close();
      }
    }
  }, 180_000);
});
