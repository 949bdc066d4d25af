// The coding sandbox (client/src/learn/activities/sandbox.ts) on its own in
// Chromium: the module is compiled with TypeScript and served on a made-up
// origin through Playwright's router (no hub, no network), so each rule is
// checked directly: an endless loop is stopped after the time limit while the
// page keeps running, no way out to the network is left to the code, output
// is captured and capped, and errors are reported.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../server/config.ts';
import { launchBrowser } from '../support/browser.ts';
import type { RunResult } from '../../client/src/learn/activities/sandbox.ts';

const ORIGIN = 'http://sandbox.test';
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const source = readFileSync(path.join(REPO_ROOT, 'client/src/learn/activities/sandbox.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/sandbox.js') return route.fulfill({ contentType: 'text/javascript', body: js });
    if (url.pathname === '/boot.js') return route.fulfill({ contentType: 'text/javascript', body: 'import * as s from "/sandbox.js"; window.sandbox = s;' });
    return route.fulfill({
      contentType: 'text/html',
      // The hub's own policy for workers and scripts: no eval, workers from blob: only.
      headers: { 'content-security-policy': "default-src 'self'; script-src 'self'; worker-src 'self' blob:; connect-src 'self'" },
      body: '<!doctype html><title>sandbox</title><script type="module" src="/boot.js"></script>',
    });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => 'sandbox' in window);
});

afterAll(async () => {
  await browser?.close();
});

function run(code: string, limitMs?: number): Promise<RunResult> {
  return page.evaluate(
    ([c, l]) => (window as unknown as { sandbox: { runInSandbox(code: string, limit?: number): Promise<RunResult> } }).sandbox.runInSandbox(c as string, l as number | undefined),
    [code, limitMs] as const,
  );
}

describe('coding sandbox', () => {
  it('shows what console.log prints', async () => {
    expect(await run('console.log("Habari", 42); console.log({ a: [1, 2] });')).toEqual({ output: ['Habari 42', '{"a":[1,2]}'], error: null, timedOut: false, truncated: false });
  });

  it('stops an endless loop after the time limit while the page keeps running', async () => {
    const result = await page.evaluate(async () => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 50);
      const sandbox = (window as unknown as { sandbox: { runInSandbox(code: string): Promise<RunResult> } }).sandbox;
      const outcome = await sandbox.runInSandbox('let n = 0; while (true) { n++; }');
      clearInterval(timer);
      return { outcome, ticks };
    });
    expect(result.outcome).toMatchObject({ timedOut: true, error: null });
    // The page's own timer kept firing during the 3 s the loop ran: its thread was never blocked.
    expect(result.ticks).toBeGreaterThan(10);
  });

  it('leaves the code no way to the network', async () => {
    const probe = [
      'fetch', 'XMLHttpRequest', 'importScripts', 'WebSocket', 'EventSource', 'indexedDB', 'caches', 'Worker', 'navigator', 'postMessage',
    ].map((name) => `typeof ${name}`).join(', ');
    const result = await run(`console.log(${probe}); console.log(typeof self.fetch, typeof globalThis.XMLHttpRequest, typeof Object.getPrototypeOf(self).fetch);`);
    expect(result.output).toEqual(['undefined undefined undefined undefined undefined undefined undefined undefined undefined undefined', 'undefined undefined undefined']);
    const putBack = await run('delete self.fetch; self.fetch = 1; console.log(typeof fetch);');
    expect(putBack.output).toEqual(['undefined']);
    expect((await run('import("http://example.com/x.js")')).error).toMatch(/import\(\) is not available/);
  });

  it('reports errors and syntax errors', async () => {
    expect((await run('console.log("before"); null.x;')).error).toMatch(/TypeError/);
    expect((await run('let = ;')).error).toMatch(/SyntaxError/);
  });

  it('caps a flood of output', async () => {
    const result = await run('for (let i = 0; i < 100000; i++) console.log(i);');
    expect(result.output).toHaveLength(500);
    expect(result.truncated).toBe(true);
  });
});
