import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { removeTempDirs } from '../../tests/support/temp-dir.ts';

afterAll(removeTempDirs);

describe('the route guard', () => {
  it('refuses to start when an API route declares neither a capability nor public', async () => {
    const app = await buildTestApp();
    expect(() => app.get('/api/forgotten', async () => 'oops')).toThrow(/declares neither config.capability nor config.public/);
    await app.close();
  });

  it('refuses a capability name that is not in the table', async () => {
    const app = await buildTestApp();
    expect(() => app.get('/api/typo', { config: { capability: 'people.raed' as never } }, async () => 'oops')).toThrow(/unknown capability/);
    await app.close();
  });

  it('leaves pages and static files outside /api alone', async () => {
    const app = await buildTestApp();
    expect(() => app.get('/not-api', async () => 'fine')).not.toThrow();
    expect((await app.inject('/not-api')).body).toBe('fine');
    await app.close();
  });
});
