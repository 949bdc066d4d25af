// How the hub serves the built app: caching, precompressed files, the SPA
// fallback, and API 404s that stay JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

let app: FastifyInstance;
const script = `console.log(${JSON.stringify('darasa '.repeat(200))});`;

beforeAll(async () => {
  const parent = await makeTempDir();
  await writeFile(path.join(parent, 'secret.txt'), 'TOP-SECRET-OUTSIDE');
  const clientDir = path.join(parent, 'client');
  await mkdir(clientDir);
  await mkdir(path.join(clientDir, 'assets'));
  await writeFile(path.join(clientDir, 'index.html'), '<!doctype html><title>Darasa</title><div id="app"></div>');
  await writeFile(path.join(clientDir, 'assets', 'main-abc123.js'), script);
  await writeFile(path.join(clientDir, 'assets', 'main-abc123.js.gz'), new Uint8Array(gzipSync(script)));
  await writeFile(path.join(clientDir, 'assets', 'main-abc123.js.br'), new Uint8Array(brotliCompressSync(script)));
  app = await buildTestApp({ clientDir });
});

afterAll(async () => {
  await app.close();
  await removeTempDirs();
});

describe('serving the workstation app', () => {
  it('serves index.html at / without long-term caching, with a content security policy', async () => {
    const response = await app.inject('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('caches hashed assets for a year as immutable', async () => {
    const response = await app.inject('/assets/main-abc123.js');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body).toBe(script);
  });

  it('sends the precompressed file the browser accepts', async () => {
    const br = await app.inject({ url: '/assets/main-abc123.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(Number(br.headers['content-length'])).toBeLessThan(script.length / 5);
    const gz = await app.inject({ url: '/assets/main-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('answers a client route with index.html so reloads work', async () => {
    const response = await app.inject('/learn/courses/computer-basics-en');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="app">');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers a client route ending in an id with a dot with index.html (a teacher certificate reloaded was a JSON 404)', async () => {
    const response = await app.inject('/teach/certificates/certification%3Ahub-a%3Ahub-a.p1.level-1.certified');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="app">');
  });

  it('keeps API misses and missing files as 404 errors, not the app', async () => {
    const api = await app.inject('/api/nothing');
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('NOT_FOUND');
    const file = await app.inject('/assets/missing-000.js');
    expect(file.statusCode).toBe(404);
    expect(file.json().code).toBe('NOT_FOUND');
  });

  it('refuses path traversal out of the app folder', async () => {
    for (const url of ['/../secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt']) {
      const response = await app.inject(url);
      expect(response.body, url).not.toContain('TOP-SECRET-OUTSIDE');
    }
  });
});
