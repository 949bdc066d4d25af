import { afterAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { Errors } from '../errors.ts';

afterAll(removeTempDirs);

async function appWithProbeRoutes() {
  const app = await buildTestApp();
  app.post(
    '/api/probe',
    { config: { public: true }, schema: { body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }) } },
    async (request) => request.body,
  );
  // Every /api route must say who may call it (server/auth/guard.ts); probes are public.
  app.get('/api/probe/crash', { config: { public: true } }, async () => {
    throw new Error('secret internal detail: /var/lib/darasa password=hunter2');
  });
  app.get('/api/probe/coded', { config: { public: true } }, async () => {
    throw new Errors.NOT_FOUND('course:nope');
  });
  return app;
}

describe('error format', () => {
  it('answers an unknown API route with 404 { code, message }', async () => {
    const app = await appWithProbeRoutes();
    const response = await app.inject('/api/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'NOT_FOUND', message: 'Nothing here: GET /api/no-such-thing' });
    await app.close();
  });

  it('answers a schema violation with 400 VALIDATION_FAILED naming the field', async () => {
    const app = await appWithProbeRoutes();
    const response = await app.inject({ method: 'POST', url: '/api/probe', payload: { name: '' } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toMatch(/body\/name/);
    expect(Object.keys(body).sort()).toEqual(['code', 'message']);
    await app.close();
  });

  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const app = await appWithProbeRoutes();
    const response = await app.inject({
      method: 'POST',
      url: '/api/probe',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "unterminated',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('INVALID_JSON');
    await app.close();
  });

  it('answers an oversized body with 413 BODY_TOO_LARGE', async () => {
    const app = await appWithProbeRoutes();
    const response = await app.inject({
      method: 'POST',
      url: '/api/probe',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('BODY_TOO_LARGE');
    await app.close();
  });

  it('answers an unsupported content type with 415', async () => {
    const app = await appWithProbeRoutes();
    const response = await app.inject({ method: 'POST', url: '/api/probe', headers: { 'content-type': 'application/x-evil' }, payload: 'x' });
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await app.close();
  });

  it('hides the details of an unexpected failure behind 500 INTERNAL_ERROR', async () => {
    const app = await appWithProbeRoutes();
    const response = await app.inject('/api/probe/crash');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ code: 'INTERNAL_ERROR', message: new Errors.INTERNAL_ERROR().message });
    expect(response.body).not.toMatch(/secret|hunter2|\/var\/lib/);
    await app.close();
  });

  it('passes a catalogued error through with its own code and status', async () => {
    const app = await appWithProbeRoutes();
    const response = await app.inject('/api/probe/coded');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'NOT_FOUND', message: 'Nothing here: course:nope' });
    await app.close();
  });
});
