// A hub registered by an older release has a validator that lists the document
// types of that release: records of a type added since are refused until the
// design documents are brought up to date. upgradeCentral does that for every
// hub, keeping data and passwords; a second run writes nothing. Runs against
// the embedded central, and against CouchDB 3 too when COUCHDB_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { startEmbeddedCentral, type EmbeddedCentral } from './embedded.ts';
import { ensureCentral, registerHub, putDesignDoc, type HubRegistration } from './provision.ts';
import { couchRequest, type CentralAdmin } from './couch-http.ts';
import { hubDesignDoc, hubValidateDocUpdate } from './validators.ts';
import { IMPACT_DESIGN_ID } from './impact-views.ts';
import { upgradeCentral } from './upgrade.ts';

const targets: { name: string; admin: () => CentralAdmin }[] = [];
let embedded: EmbeddedCentral;
const ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };

beforeAll(async () => {
  embedded = await startEmbeddedCentral({ dataDir: await makeTempDir('darasa-central-'), ...ADMIN, port: 0 });
});
afterAll(async () => {
  await embedded?.close();
  await removeTempDirs();
});

targets.push({ name: 'embedded central', admin: () => ({ url: embedded.url, ...ADMIN }) });
if (process.env.COUCHDB_URL) {
  targets.push({ name: 'CouchDB 3', admin: () => ({ url: process.env.COUCHDB_URL!, adminUser: process.env.COUCHDB_ADMIN_USER ?? 'admin', adminPassword: process.env.COUCHDB_ADMIN_PASSWORD ?? '' }) });
}

async function putAsHub(central: CentralAdmin, reg: HubRegistration, id: string, body: object): Promise<number> {
  const response = await fetch(`${central.url}/${reg.database}/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from(`${reg.username}:${reg.password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

const randomHubId = () => `hub-${Array.from({ length: 10 }, () => 'abcdefghijklmnopqrstuvwxyz234567'[Math.floor(Math.random() * 32)]).join('')}`;

describe.each(targets)('upgradeCentral ($name)', ({ admin }) => {
  it("brings an older hub's validator and views up to date, keeps its data and password, and writes nothing the second time", { timeout: 60_000 }, async () => {
    const central = admin();
    const reg = await registerHub(central, randomHubId());
    const db = `/${reg.database}`;
    expect(await putAsHub(central, reg, `event:${reg.hubId}:e1`, { type: 'event' })).toBe(201);
    // As an older release left it: a validator without the types added since, no reporting views.
    await putDesignDoc(central, reg.database, { ...hubDesignDoc(reg.hubId), validate_doc_update: hubValidateDocUpdate(reg.hubId, ['event', 'person']) });
    const impact = await couchRequest<{ _rev: string }>(central, 'GET', `${db}/${IMPACT_DESIGN_ID}`);
    await couchRequest(central, 'DELETE', `${db}/${IMPACT_DESIGN_ID}?rev=${impact.body._rev}`);
    expect(await putAsHub(central, reg, `observation:${reg.hubId}:o1`, { type: 'observation' })).toBe(403);

    const upgrades = await upgradeCentral(central);
    expect(upgrades.find((u) => u.hubId === reg.hubId)).toEqual({ hubId: reg.hubId, validator: 'written', views: 'installed' });
    expect(await putAsHub(central, reg, `observation:${reg.hubId}:o1`, { type: 'observation' })).toBe(201);
    // Another hub's id is still refused, and the data written before is there.
    expect(await putAsHub(central, reg, 'observation:hub-zzzzzzzzzz:o1', { type: 'observation' })).toBe(403);
    expect((await couchRequest(central, 'GET', `${db}/event:${reg.hubId}:e1`)).status).toBe(200);

    const again = await upgradeCentral(central);
    expect(again.find((u) => u.hubId === reg.hubId)).toEqual({ hubId: reg.hubId, validator: 'unchanged', views: 'unchanged' });
  });

  it('runs beside other provisioning at the same moment without failing (design documents written meanwhile are read again)', { timeout: 60_000 }, async () => {
    const central = admin();
    const reg = await registerHub(central, randomHubId());
    // As an older release left them, so every run below wants to rewrite them.
    await putDesignDoc(central, reg.database, { ...hubDesignDoc(reg.hubId), validate_doc_update: hubValidateDocUpdate(reg.hubId, ['event']) });
    const results = await Promise.allSettled([upgradeCentral(central), upgradeCentral(central), ensureCentral(central), ensureCentral(central)]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await putAsHub(central, reg, `observation:${reg.hubId}:o2`, { type: 'observation' })).toBe(201);
  });
});
