// Two or more trucks and central as real processes, for the issue-9 journeys in
// Chromium (library review, roaming staff, teach-the-teacher): central with its
// dashboard (and library publisher), hubs set up, registered at central and
// connected, pages signed in as someone.
import type { Browser, Page } from 'playwright-core';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { startCentralProcess, type CentralProcess } from '../support/central-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { setUpHubOverHttp, signInInBrowser, signInOverHttp, type TestSession } from '../support/auth.ts';
import { ensureCentral, registerHub } from '../../sync/central/provision.ts';
import { watchErrors } from './learn-home-helpers.ts';

export interface Truck {
  hub: HubProcess;
  admin: TestSession;
  hubId: string;
}

/** A JSON call that must succeed; the answer's body. */
export async function callJson(url: string, as: TestSession, method: string, body?: unknown): Promise<Record<string, any>> {
  const response = await fetch(url, { method, headers: { ...as.headers, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, any>>;
}

/** Embedded central with its dashboard, started and ready to provision. */
export async function startCentralWithDashboard(env: Record<string, string> = {}): Promise<CentralProcess> {
  const central = await startCentralProcess({ CENTRAL_DATA_DIR: await makeTempDir(), ...env });
  // The dashboard (and the library publisher beside it) starts after central prints its address.
  for (const deadline = Date.now() + 60_000; !/Central dashboard on/.test(central.output()); ) {
    if (Date.now() > deadline) throw new Error(`central did not start its dashboard: ${central.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await ensureCentral(central.admin);
  return central;
}

/** A hub set up (English), registered at central and connected to it. */
export async function startTruck(central: CentralProcess): Promise<Truck> {
  const hub = await startHubProcess({ DATA_DIR: await makeTempDir(), SEED_CONTENT: '0' }, 60_000);
  const credentials = await setUpHubOverHttp(hub.url, { language: 'en' });
  const admin = await signInOverHttp(hub.url, credentials.username, credentials.password);
  const hubId = ((await (await fetch(`${hub.url}/api/health`)).json()) as { hubId: string }).hubId;
  const registration = await registerHub(central.admin, hubId);
  await callJson(`${hub.url}/api/sync/connection`, admin, 'PUT', { centralUrl: central.url, username: registration.username, password: registration.password });
  return { hub, admin, hubId };
}

/** A fresh browser context (British English), watched for errors. */
export async function newWatchedPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  watchErrors(page);
  return page;
}

/** A page signed in on a truck as a staff member. */
export async function pageAs(browser: Browser, truck: Truck, who: { username: string; password: string }): Promise<Page> {
  const page = await newWatchedPage(browser);
  await signInInBrowser(page, truck.hub.url, who.username, who.password);
  return page;
}

/** "Counting money": two lessons (Coins, Notes), each a text and a question,
 * written and published by a teacher through the authoring API (the editor has
 * its own tests). */
export async function publishCountingMoney(hubUrl: string, teacher: TestSession): Promise<{ courseId: string; lessonIds: string[] }> {
  const course = await callJson(`${hubUrl}/api/courses`, teacher, 'POST', { title: 'Counting money', language: 'en' });
  const lessonIds: string[] = [];
  for (const title of ['Coins', 'Notes']) {
    const lesson = await callJson(`${hubUrl}/api/courses/${course.id}/draft/lessons`, teacher, 'POST', { moduleId: course.modules[0].id, title });
    await callJson(`${hubUrl}/api/courses/${course.id}/draft/lessons/${lesson.id}`, teacher, 'PUT', {
      rev: lesson.rev, title,
      blocks: [{ type: 'text', markdown: `# ${title}\n\nWe count ${title.toLowerCase()} at the market.` }, { type: 'activity', activity: { id: `${lesson.id}-q`, kind: 'single-choice', prompt: 'How much is 2 + 3 shillings?', choices: [{ text: '5 shillings', correct: true }, { text: '6 shillings' }] } }],
    });
    lessonIds.push(lesson.id);
  }
  await callJson(`${hubUrl}/api/courses/${course.id}/publish`, teacher, 'POST', {});
  return { courseId: course.id, lessonIds };
}
