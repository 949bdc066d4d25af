// The OpenAPI document is generated from the route schemas: every API route
// appears in it with a response schema, so it cannot drift from the code.
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.ts';
import { removeTempDirs } from '../support/temp-dir.ts';

afterAll(removeTempDirs);

describe('GET /api/openapi.json', () => {
  it('documents every API route with its responses', async () => {
    const app = await buildTestApp();
    const routes: { method: string; url: string }[] = [];
    app.addHook('onRoute', (route) => {
      const methods = ([] as string[]).concat(route.method);
      for (const method of methods) routes.push({ method: method.toLowerCase(), url: route.url });
    });
    await app.ready();
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/health'].get.responses['200']).toBeDefined();
    await app.close();
  });

  it('serves a browsable page at /api/docs', async () => {
    const app = await buildTestApp();
    const response = await app.inject('/api/docs/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    await app.close();
  });
});
