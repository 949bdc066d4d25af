// A hub's start-up refusals: each must be one line that says what to do, with
// no stack trace, and must leave the data directory as it was.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { runHubExpectingFailure, startHubProcess } from '../support/hub-process.ts';

afterAll(removeTempDirs);

function expectOneLineAdvice(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n').filter((line) => !line.startsWith('{'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^darasa: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('data directory', () => {
  it('refuses a second hub on the same data directory with a clear message', async () => {
    const dataDir = await makeTempDir();
    const first = await startHubProcess({ DATA_DIR: dataDir });
    try {
      const second = await runHubExpectingFailure({ DATA_DIR: dataDir });
      expect(second.code).toBe(1);
      expectOneLineAdvice(second.stderr, /in use by another running Darasa hub.*Stop that hub first/);
      // The first hub is unharmed.
      const health = await fetch(`${first.url}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
  });

  it('starts again on the same directory after the first hub stopped, with the same hub id', async () => {
    const dataDir = await makeTempDir();
    const first = await startHubProcess({ DATA_DIR: dataDir });
    const id = (await (await fetch(`${first.url}/api/health`)).json()).hubId;
    await first.stop('SIGTERM');
    const second = await startHubProcess({ DATA_DIR: dataDir });
    expect((await (await fetch(`${second.url}/api/health`)).json()).hubId).toBe(id);
    await second.stop();
  });

  it('refuses a data directory it cannot write, saying how to fix it', async () => {
    const parent = await makeTempDir();
    const aFile = path.join(parent, 'not-a-folder');
    await writeFile(aFile, 'x');
    const result = await runHubExpectingFailure({ DATA_DIR: path.join(aFile, 'data') });
    expect(result.code).toBe(1);
    expectOneLineAdvice(result.stderr, /cannot write to its data directory.*DATA_DIR/);
  });

  it('refuses a damaged store and points to repair, without touching the files', async () => {
    const dataDir = await makeTempDir();
    const hub = await startHubProcess({ DATA_DIR: dataDir });
    await hub.stop();
    const current = path.join(dataDir, 'hub', 'CURRENT');
    await writeFile(current, 'garbage-without-newline');
    const result = await runHubExpectingFailure({ DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expectOneLineAdvice(result.stderr, /damaged.*darasa repair-data/);
    expect(await readFile(current, 'utf8')).toBe('garbage-without-newline');
  });

  it('closes cleanly on SIGINT as well as SIGTERM', async () => {
    const hub = await startHubProcess({ DATA_DIR: await makeTempDir() });
    expect(await hub.stop('SIGINT')).toBe(0);
  });
});
