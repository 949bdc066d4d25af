import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';
import { ADMIN, setUpAndSignIn, signIn } from '../../tests/support/auth.ts';

afterAll(removeTempDirs);

const body = { hubName: 'Truck 7 — Kisumu', country: 'KE', language: 'sw', admin: ADMIN };

describe('first-run setup', () => {
  it('reports a fresh hub as not set up, sets it up once, and reports its name and language after', async () => {
    const app = await buildTestApp();
    expect((await app.inject('/api/hub')).json()).toMatchObject({ name: null, setupDone: false, defaultLanguage: null });
    const response = await app.inject({ method: 'POST', url: '/api/setup', payload: body });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ hub: { hubName: 'Truck 7 — Kisumu', country: 'KE', defaultLanguage: 'sw' }, admin: { roles: ['admin'] } });
    expect(String(response.headers['set-cookie'])).toMatch(/darasa_session=/);
    expect((await app.inject('/api/hub')).json()).toMatchObject({ id: app.store.hubId, name: 'Truck 7 — Kisumu', setupDone: true, defaultLanguage: 'sw' });

    const again = await app.inject({ method: 'POST', url: '/api/setup', payload: { ...body, admin: { username: 'intruder', password: 'password-1' } } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SETUP_DONE');
    await expect(signIn(app, 'intruder', 'password-1')).rejects.toThrow(/INVALID_CREDENTIALS/);
    await app.close();
  });

  it('lets only one of two simultaneous setups win', async () => {
    const app = await buildTestApp();
    const [a, b] = await Promise.all([
      app.inject({ method: 'POST', url: '/api/setup', payload: body }),
      app.inject({ method: 'POST', url: '/api/setup', payload: { ...body, admin: { username: 'other', password: 'password-2' } } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    await app.close();
  });

  it('refuses bad setup input with 400 and stays not set up', async () => {
    const app = await buildTestApp();
    for (const payload of [
      { ...body, hubName: '' },
      { ...body, hubName: 'x'.repeat(200) },
      { ...body, country: 'Kenya' },
      { ...body, language: 'english' },
      { ...body, admin: { username: 'ad', password: 'password-1' } },
      { ...body, admin: { username: 'admin', password: 'short' } },
      { ...body, admin: { username: 'has space', password: 'password-1' } },
    ]) {
      const response = await app.inject({ method: 'POST', url: '/api/setup', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await app.inject('/api/hub')).json().setupDone).toBe(false);
    await app.close();
  });

  it("lets the administrator change the hub's settings", async () => {
    const app = await buildTestApp();
    const admin = await setUpAndSignIn(app);
    const response = await app.inject({ method: 'PATCH', url: '/api/settings', headers: admin.headers, payload: { hubName: 'Truck 8', learnerIdleMinutes: 5, allowNoPin: true } });
    expect(response.json()).toMatchObject({ hubName: 'Truck 8', learnerIdleMinutes: 5, allowNoPin: true, country: 'KE' });
    expect((await app.inject('/api/hub')).json().name).toBe('Truck 8');
    const bad = await app.inject({ method: 'PATCH', url: '/api/settings', headers: admin.headers, payload: { learnerIdleMinutes: 0 } });
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    await app.close();
  });
});
