// Shared by the lesson player's browser and fault tests: a set-up hub with a
// signed-in learner in a fresh browser context (another "workstation"), and a
// count of the event documents a hub's data directory holds.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openDatabase } from '../../server/store/open-database.ts';
import { setUpHubOverHttp, signInOverHttp, ADMIN } from '../support/auth.ts';

export interface Learner {
  personId: string;
  cookie: string;
}

/** Sets the hub up (once) and enrols a learner with PIN 1234, signed in over HTTP. */
export async function enrolLearner(url: string, givenName = 'Amina', setUp = true): Promise<Learner> {
  if (setUp) await setUpHubOverHttp(url, { language: 'en' });
  const admin = await signInOverHttp(url, ADMIN.username, ADMIN.password);
  const created = await fetch(`${url}/api/people`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ givenName, familyName: 'Otieno', roles: ['learner'], pin: '1234' }),
  });
  if (created.status !== 201) throw new Error(`creating a learner failed: ${created.status} ${await created.text()}`);
  const person = (await created.json()) as { id: string };
  const signedIn = await fetch(`${url}/api/session/learner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId: person.id, pin: '1234' }),
  });
  if (signedIn.status !== 200) throw new Error(`learner sign-in failed: ${signedIn.status} ${await signedIn.text()}`);
  const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
  return { personId: person.id, cookie };
}

/** A browser context (a workstation) carrying the learner's session cookie. */
export async function learnerContext(browser: Browser, url: string, learner: Learner): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-GB' });
  const [name, value] = learner.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url }]);
  return context;
}

/** Page errors and console errors, except the failed requests a test provokes on purpose. */
export function watchErrors(page: Page, allowed: RegExp = /status of 4\d\d/): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && !allowed.test(message.text()) && errors.push(message.text()));
  return errors;
}

export interface StoredEvent {
  _id: string;
  verb: string;
  personId: string;
  object: { courseId: string; lessonId: string; activityId?: string };
  result?: { response?: unknown; correct?: boolean; score?: number };
}

/** Every event document in a stopped hub's data directory. */
export async function readEvents(dataDir: string): Promise<StoredEvent[]> {
  const db = await openDatabase(dataDir, 'hub');
  try {
    const rows = await db.allDocs({ startkey: 'event:', endkey: 'event:\uffff', include_docs: true });
    return rows.rows.map((row) => row.doc as unknown as StoredEvent);
  } finally {
    await db.close();
  }
}

/** Goes to the next step of the lesson player until `done` says stop. */
export async function nextStep(page: Page): Promise<void> {
  await page.getByTestId('next-step').click();
}

/** Presses Next until the activity is on screen; returns its card. */
export async function goToActivity(page: Page, activityId: string) {
  const card = page.locator(`article[data-activity-id="${activityId}"]`);
  for (let i = 0; i < 30 && !(await card.isVisible()); i++) await nextStep(page);
  await card.waitFor();
  return card;
}
