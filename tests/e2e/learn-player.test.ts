// The lesson player in Chromium against a real hub with the seed curriculum: a
// learner works through a lesson of Computer basics (choice, matching,
// true/false with a wrong answer first, typing practice), ordering by drag
// and drop and by keyboard alone, the step is
// remembered across a reload, and the hub's progress shows the lesson done
// and the typing result; then a coding exercise of First steps in coding runs
// (output shown, hidden tests pass on the hub) and an endless loop is stopped
// while the page keeps answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { enrolLearner, goToActivity, learnerContext, watchErrors, type Learner } from './learn-player-helpers.ts';

let hub: HubProcess;
let browser: Browser;
let learner: Learner;

beforeAll(async () => {
  hub = await startHubProcess({ DATA_DIR: await makeTempDir() });
  learner = await enrolLearner(hub.url);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await removeTempDirs();
});

async function check(page: Page, card: ReturnType<Page['locator']>, correct: boolean) {
  await card.getByTestId('check').click();
  await expect.poll(() => card.getByTestId('feedback').getAttribute('data-correct')).toBe(String(correct));
}

async function typeText(page: Page, card: ReturnType<Page['locator']>) {
  const text = (await card.getByTestId('typing-target').textContent())!;
  await card.getByTestId('typing-box').click();
  // About 80 words per minute: a realistic speed (the hub refuses impossible ones).
  await page.keyboard.type(text, { delay: 150 });
  await card.getByTestId('typing-result').waitFor();
  const wpm = Number((await card.getByTestId('typing-wpm').textContent())!.split(' ')[0]);
  expect(wpm).toBeGreaterThan(0);
  expect(await card.getByTestId('typing-accuracy').textContent()).toBe('100%');
  await expect.poll(() => card.getByTestId('feedback').getAttribute('data-correct')).toBe('true');
}

describe('lesson player', () => {
  it('takes a learner through a Computer basics lesson with its questions and typing practice', async () => {
    const context = await learnerContext(browser, hub.url, learner);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/learn/lessons/cb-en-l02`);
    await page.getByRole('heading', { level: 1, name: 'The mouse and the keyboard' }).waitFor();
    await expect.poll(() => page.getByTestId('step-position').textContent()).toMatch(/^Step 1 of \d+$/);

    const a1 = await goToActivity(page, 'cb-en-l02-a1');
    await a1.getByLabel('Double-click on it').check();
    await check(page, a1, true);
    await a1.getByTestId('mastery').getByText('You have mastered this!').waitFor();

    // The position survives a reload.
    const where = await page.getByTestId('step-position').textContent();
    await page.reload();
    await expect.poll(() => page.getByTestId('step-position').textContent()).toBe(where);

    await typeText(page, await goToActivity(page, 'cb-en-l02-a2'));

    const a3 = await goToActivity(page, 'cb-en-l02-a3');
    const pairs: [string, string][] = [
      ['Space bar', 'Makes a space between words'],
      ['Backspace', 'Deletes the letter before the cursor'],
      ['Shift', 'Makes one capital letter'],
      ['Enter', 'Starts a new line'],
    ];
    for (const [left, right] of pairs) await a3.getByLabel(left, { exact: true }).selectOption(right);
    await check(page, a3, true);

    await typeText(page, await goToActivity(page, 'cb-en-l02-a4'));

    // A wrong answer first: "not yet", the hint, then a retry.
    const a5 = await goToActivity(page, 'cb-en-l02-a5');
    await a5.getByLabel('False').check();
    await check(page, a5, false);
    await a5.getByText('Caps Lock "locks" the capitals on').waitFor();
    await a5.getByTestId('retry').click();
    await a5.getByLabel('True').check();
    await check(page, a5, true);

    await page.getByTestId('finish-lesson').click();
    await page.getByTestId('lesson-done').waitFor();
    await expect.poll(() => page.getByTestId('save-indicator').getAttribute('data-status'), { timeout: 20_000 }).toBe('saved');

    const progress = await page.evaluate(() => fetch('/api/me/progress').then((r) => r.json()));
    const course = progress.courses.find((c: { courseId: string }) => c.courseId === 'computer-basics-en');
    expect(course.lessonsCompleted).toBeGreaterThanOrEqual(1);
    expect(course.typing.latestWpm).toBeGreaterThan(0);
    expect(course.typing.latestAccuracy).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('puts steps in order by drag and drop and with the keyboard alone', async () => {
    const context = await learnerContext(browser, hub.url, learner);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/learn/lessons/cb-en-l03`);
    const card = await goToActivity(page, 'cb-en-l03-a3');
    const items = card.getByTestId('ordering-item');
    const order = () => items.evaluateAll((rows) => rows.map((row) => row.querySelector('.text')!.textContent));
    const before = await order();

    // Drag the last item onto the first.
    await items.last().dragTo(items.first());
    expect((await order())[0]).toBe(before.at(-1));

    // Then the keyboard: focus an item's Up button and press Enter until it is in place;
    // focus follows the moved item, so Enter can be pressed again.
    const wanted = ['Click File, then Save', 'Choose the folder where the letter will go', 'Type a good name for the file', 'Click the Save button'];
    for (const [target, item] of wanted.entries()) {
      let at = (await order()).indexOf(item);
      if (at > target) await card.getByRole('button', { name: `Move “${item}” up` }).focus();
      while (at > target) {
        await page.keyboard.press('Enter');
        at -= 1;
        await expect.poll(order).toContain(item);
        expect((await order()).indexOf(item)).toBe(at);
      }
    }
    expect(await order()).toEqual(wanted);
    // Each move is announced to screen readers.
    expect(await card.locator('p[aria-live="polite"]').textContent()).toMatch(/is now number \d of 4\.$/);
    await check(page, card, true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reflows at 200% zoom: no step of a lesson scrolls sideways, and the buttons stay large', async () => {
    // A 1280×720 screen at 200% zoom lays the page out in 640×360 CSS pixels.
    const context = await learnerContext(browser, hub.url, learner);
    const page = await context.newPage();
    await page.setViewportSize({ width: 640, height: 360 });
    await page.goto(`${hub.url}/learn/lessons/cb-en-l02`);
    await page.getByTestId('step-position').waitFor();
    await page.getByTestId('previous-step').waitFor();
    for (let i = 0; i < 12 && (await page.getByTestId('next-step').isVisible()); i++) {
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(sideways, `step ${await page.getByTestId('step-position').textContent()}`).toBeLessThanOrEqual(0);
      const box = await page.getByTestId('next-step').boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      await page.getByTestId('next-step').click();
    }
    await context.close();
  });

  it('runs a coding exercise: the output shows, the hidden tests pass, and an endless loop is stopped', async () => {
    const context = await learnerContext(browser, hub.url, learner);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hub.url}/learn/lessons/code-en-l01`);

    const a3 = await goToActivity(page, 'code-en-l01-a3');
    const editor = a3.getByTestId('code-editor');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('let total = 1500 + 450 + 200;\nlet change = 5000 - total;\nconsole.log(total);\nconsole.log(change);\n');
    await a3.getByTestId('run-code').click();
    await expect.poll(() => a3.getByTestId('code-output').locator('pre').textContent()).toBe('2150\n2850');
    await a3.getByTestId('check').click();
    await expect.poll(() => a3.getByTestId('test-result').count()).toBe(2);
    expect(await a3.locator('[data-testid="test-result"][data-passed="true"]').count()).toBe(2);

    const a4 = await goToActivity(page, 'code-en-l01-a4');
    await a4.getByTestId('code-editor').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('let sign = "";\nwhile (true) { sign += "x"; }\n');
    await a4.getByTestId('run-code').click();
    // While the loop spins in its worker, the page still answers and still shows "Running…".
    expect(await page.evaluate(() => document.querySelector('[data-testid="run-code"]')?.textContent?.trim())).toMatch(/Running/);
    await a4.getByTestId('code-timeout').getByText('Stopped: your code ran too long — is there an endless loop?').waitFor({ timeout: 15_000 });
    // And afterwards the editor takes a fix, which runs.
    await a4.getByTestId('code-editor').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('let sign = "Fresh" + " " + "tomatoes";\nconsole.log(sign);\n');
    await a4.getByTestId('run-code').click();
    await expect.poll(() => a4.getByTestId('code-output').locator('pre').textContent()).toBe('Fresh tomatoes');
    expect(errors).toEqual([]);
    await context.close();
  });
});
