// The first screen's weight: every JS and CSS file Chromium fetches to show the
// start page, gzipped at level 9 (the measure; the hub actually sends
// Brotli, which is smaller, and is reported beside it).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { DEFAULT_CLIENT_DIR } from '../../server/config.ts';
import { launchBrowser } from '../support/browser.ts';
import { startHubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { round, type Benchmark } from './harness.ts';
import { setUpHubOverHttp } from '../support/auth.ts';

export const firstScreen: Benchmark = {
  name: 'first-screen',
  async run() {
    const hub = await startHubProcess({ DATA_DIR: await makeTempDir() });
    // A set-up hub, so the first screen is the start page (a fresh hub shows setup).
    await setUpHubOverHttp(hub.url);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const files = new Set<string>();
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (/\.(js|css)$/.test(url.pathname)) files.add(url.pathname);
      });
      await page.goto(hub.url, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { level: 1 }).waitFor();
      let raw = 0;
      let gzip = 0;
      let brotli = 0;
      for (const file of files) {
        const data = new Uint8Array(readFileSync(path.join(DEFAULT_CLIENT_DIR, file)));
        raw += data.length;
        gzip += gzipSync(data, { level: 9 }).length;
        brotli += brotliCompressSync(data).length;
      }
      const kb = (bytes: number) => round(bytes / 1024, 1);
      return [
        { bench: 'first-screen', metric: 'JS+CSS gzipped', value: kb(gzip), unit: 'KB', target: '≤ 100 KB', meets: gzip <= 100 * 1024, note: `${files.size} files` },
        { bench: 'first-screen', metric: 'JS+CSS brotli (as served)', value: kb(brotli), unit: 'KB' },
        { bench: 'first-screen', metric: 'JS+CSS uncompressed', value: kb(raw), unit: 'KB' },
      ];
    } finally {
      await browser.close();
      await hub.stop();
      await removeTempDirs();
    }
  },
};
