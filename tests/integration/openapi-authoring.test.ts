// The authoring routes are documented in the OpenAPI document with a summary,
// the `authoring` tag, who may call them, and their answers — the 409 of a
// stale update with who changed it, and the 422 of a refused publish.
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.ts';
import { removeTempDirs } from '../support/temp-dir.ts';

afterAll(removeTempDirs);

const ROUTES: [string, string][] = [
  ['get', '/api/courses/drafts'],
  ['post', '/api/courses'],
  ['get', '/api/courses/{id}/draft'],
  ['put', '/api/courses/{id}/draft'],
  ['post', '/api/courses/{id}/draft/lessons'],
  ['get', '/api/courses/{id}/draft/lessons/{lessonId}'],
  ['put', '/api/courses/{id}/draft/lessons/{lessonId}'],
  ['get', '/api/courses/{id}/draft/lessons/{lessonId}/preview'],
  ['post', '/api/courses/{id}/draft/lessons/{lessonId}/activities/{activityId}/check'],
  ['post', '/api/courses/{id}/draft/render'],
  ['post', '/api/courses/{id}/publish'],
  ['get', '/api/courses/{id}/versions'],
  ['post', '/api/courses/{id}/versions/{version}/restore'],
  ['post', '/api/courses/{id}/duplicate'],
  ['post', '/api/courses/{id}/translate'],
  ['post', '/api/courses/media'],
];

describe('OpenAPI for course authoring', () => {
  it('documents every authoring route with a summary, its tag, its capability and its answers', async () => {
    const app = await buildTestApp();
    const doc = (await app.inject('/api/openapi.json')).json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[] }>>)
      .flatMap(([url, ops]) => Object.entries(ops).filter(([, op]) => op.tags?.includes('authoring')).map(([method]) => `${method} ${url}`));
    expect(documented.sort()).toEqual(ROUTES.map(([m, u]) => `${m} ${u}`).sort());
    for (const [method, url] of ROUTES) {
      const operation = doc.paths[url][method];
      expect(operation.summary, `${method} ${url}`).toBeTruthy();
      expect(operation.description).toMatch(/Needs `content.author` \(teacher, trainer, admin\)/);
    }
    expect(doc.paths['/api/courses/{id}/draft/lessons/{lessonId}'].put.responses['409'].content['application/json'].schema.properties).toHaveProperty('changedBy');
    expect(doc.paths['/api/courses/{id}/publish'].post.responses['422'].content['application/json'].schema.properties).toHaveProperty('problems');
    expect(doc.paths['/api/courses/media'].post.responses).toHaveProperty('413');
    await app.close();
  });
});
