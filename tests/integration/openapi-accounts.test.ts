// The accounts and people routes are documented in the OpenAPI document with a
// summary, a tag and their error answers, so a script author finds how to sign
// in and where the CSRF token comes from without reading the code.
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.ts';
import { removeTempDirs } from '../support/temp-dir.ts';

afterAll(removeTempDirs);

const ROUTES: [string, string][] = [
  ['post', '/api/setup'],
  ['post', '/api/session'],
  ['post', '/api/session/learner'],
  ['delete', '/api/session'],
  ['get', '/api/me'],
  ['get', '/api/session/csrf'],
  ['get', '/api/people'],
  ['post', '/api/people'],
  ['patch', '/api/people/{id}'],
  ['post', '/api/people/import'],
  ['get', '/api/people/export'],
  ['patch', '/api/settings'],
];

describe('OpenAPI for accounts and people', () => {
  it('documents each route with a summary, a tag and its responses', async () => {
    const app = await buildTestApp();
    const doc = (await app.inject('/api/openapi.json')).json();
    for (const [method, url] of ROUTES) {
      const operation = doc.paths[url]?.[method];
      expect({ route: `${method} ${url}`, documented: Boolean(operation) }).toEqual({ route: `${method} ${url}`, documented: true });
      expect(operation.summary).toBeTruthy();
      expect(['setup', 'accounts', 'people']).toContain(operation.tags[0]);
      expect(Object.keys(operation.responses).length).toBeGreaterThan(1);
    }
    expect(doc.paths['/api/session/csrf'].get.description).toMatch(/x-csrf-token/);
    // Guarded operations say who may call them, and what they need to send.
    expect(doc.paths['/api/people'].post.description).toMatch(/Needs `learners.manage` \(teacher, admin\)/);
    expect(doc.paths['/api/people'].post.security).toEqual([{ session: [], csrf: [] }]);
    expect(doc.paths['/api/people'].get.security).toEqual([{ session: [] }]);
    expect(doc.paths['/api/setup'].post.security).toBeUndefined();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['csrf', 'session']);
    expect(doc.paths['/api/people/import'].post.requestBody.content['text/csv']).toBeDefined();
    await app.close();
  });
});
