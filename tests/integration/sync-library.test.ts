// The shared library reaching a hub through its sync (issue 7): a pack
// published at central is installed by the hub's next sync, a newer version
// updates it, a download cut by the link resumes at the chunk it stopped in, and
// a pack the hub refuses is reported and never downloaded again. The operator's
// `darasa central publish-pack` refuses a pack that hubs would refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral } from '../../sync/central/provision.ts';
import { publishToLibrary, type PackSummary } from '../../sync/library/publish.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy.ts';
import { buildTestApp } from '../support/test-app.ts';
import { setUpAndSignIn, injectAs, type TestSession } from '../support/auth.ts';
import { buildPack, text } from '../support/packs.ts';
import { runDarasa } from '../support/darasa-cli.ts';
import { connectHub } from '../support/sync-check.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';

const ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
const centralAdmin = () => ({ url: central.url, ...ADMIN });
let central: EmbeddedCentral;
let app: FastifyInstance;
let admin: TestSession;
let link: LinkProxy;

const summary = (packId: string, version: string): PackSummary => ({ packId, version, title: 'Test pack', licence: 'CC-BY-SA-4.0', courseIds: ['test-course'], languages: ['en'] });
/** A pack with ~45 KB that deflate cannot shrink much, so its download spans many chunks. */
async function packZip(version: string) {
  const noise = randomBytes(45_000).toString('base64').replace(/(.{76})/g, '$1\n');
  return writePackZip(buildPack({ packId: 'library-test', version, courseVersion: version, lesson2Body: `Some text.\n\n${noise}\n` }));
}
const status = async () => (await injectAs(app, admin, { url: '/api/sync/status' })).json();

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...ADMIN, port: 0 });
  await ensureCentral(centralAdmin());
  link = await startLinkProxy({ target: new URL(central.url).host });
  app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs: 3000 } });
  admin = await setUpAndSignIn(app);
  await connectHub(app, admin, centralAdmin(), link.url);
});

afterAll(async () => {
  await app?.close();
  await link?.close();
  await central?.close();
  await removeTempDirs();
});

describe("central's shared library on a hub", () => {
  it('installs a published pack at the next sync, then downloads nothing more', async () => {
    await publishToLibrary(centralAdmin(), await packZip('1.0.0'), summary('library-test', '1.0.0'), { publishedBy: 'test', chunkSize: 4096 });
    await app.sync.run();
    const after = await status();
    expect(after.lastError).toBeNull();
    expect(after.library.installed).toEqual([expect.objectContaining({ packId: 'library-test', version: '1.0.0' })]);
    expect((await injectAs(app, admin, { url: '/api/courses/test-course' })).statusCode).toBe(200);

    const down = link.bytes.down;
    await app.sync.run();
    expect((await status()).library.installed).toHaveLength(1);
    expect(link.bytes.down - down).toBeLessThan(8_000); // the list of packs and the push's checkpoints, no chunk
  });

  it('resumes a library download cut by the link, fetching only what is missing', { timeout: 60_000 }, async () => {
    const zip = await packZip('1.1.0');
    await publishToLibrary(centralAdmin(), zip, summary('library-test', '1.1.0'), { publishedBy: 'test', chunkSize: 4096 });
    link.set({ bandwidthBytesPerSec: 20_000 });
    const down = link.bytes.down;
    const run = app.sync.run();
    await expect.poll(() => link.bytes.down - down, { timeout: 20_000, interval: 20 }).toBeGreaterThan(zip.length / 2);
    // The link stops answering half-way (a cut between two requests could go
    // unnoticed: the next request would open a fresh connection).
    link.stall(true);
    await run;
    expect((await status()).lastError?.code).toBe('CENTRAL_UNREACHABLE');
    link.stall(false);
    link.set({ bandwidthBytesPerSec: 0 });

    const before = link.bytes.down;
    await app.sync.run();
    const after = await status();
    expect(after.lastError).toBeNull();
    expect(after.library.installed[0]).toMatchObject({ packId: 'library-test', version: '1.1.0' });
    const resumed = link.bytes.down - before;
    expect(resumed).toBeLessThan(zip.length * 0.75); // not the whole pack again
    console.log(`library resume: pack ${zip.length} B, resumed run received ${resumed} B`);
  });

  it('reports a pack the hub refuses, keeps the hub as it was, and does not fetch it again', async () => {
    const files = buildPack({ packId: 'broken-pack', version: '1.0.0', courseId: 'broken-course' });
    files.set('courses/broken-course/lessons/01-first.md', text('no front matter at all'));
    await publishToLibrary(centralAdmin(), await writePackZip(files), summary('broken-pack', '1.0.0'), { publishedBy: 'test', chunkSize: 4096 });
    await app.sync.run();
    const after = await status();
    expect(after.library.failed).toEqual([expect.objectContaining({ packId: 'broken-pack', refused: true })]);
    expect((await injectAs(app, admin, { url: '/api/courses/broken-course' })).statusCode).toBe(404);

    const down = link.bytes.down;
    await app.sync.run();
    expect(link.bytes.down - down).toBeLessThan(8_000);
  });

  it('darasa central publish-pack refuses a pack hubs would refuse and publishes a valid one', async () => {
    const dir = await makeTempDir();
    const bad = buildPack({ packId: 'cli-pack', version: '1.0.0' });
    bad.set('pack.json', text('{ not json'));
    await writeFile(path.join(dir, 'bad.zip'), await writePackZip(bad));
    await writeFile(path.join(dir, 'good.zip'), await writePackZip(buildPack({ packId: 'cli-pack', version: '1.0.0', courseId: 'cli-course' })));
    const env = ['--central', central.url, '--admin-user', ADMIN.adminUser, '--admin-password', ADMIN.adminPassword];

    const refused = await runDarasa('central', 'publish-pack', path.join(dir, 'bad.zip'), ...env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not published: hubs would refuse it/);

    const published = await runDarasa('central', 'publish-pack', path.join(dir, 'good.zip'), ...env);
    expect(published.stderr).toBe('');
    expect(published.stdout).toMatch(/published cli-pack 1\.0\.0/);
    const listed = await runDarasa('central', 'library', ...env);
    expect(listed.stdout).toMatch(/cli-pack 1\.0\.0/);
  });
});
